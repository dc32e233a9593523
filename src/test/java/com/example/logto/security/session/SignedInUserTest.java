package com.example.logto.security.session;

import com.example.logto.security.provider.TokenClient;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The session's signed-in user: what a replicating server copies, and when its tokens are due. */
class SignedInUserTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private static final String ID_TOKEN = jwt("{\"sub\":\"u1\",\"sid\":\"s1\",\"organizations\":[\"o1\",\"o2\"]}");

    private final SignedInUser user = new SignedInUser("u1", Set.of("admin"), ID_TOKEN, "access-1",
            NOW.plusSeconds(3600), "refresh-1");

    @Test
    void survivesJavaSerializationAsAReplicatingServerDoesIt() throws Exception {
        SignedInUser withApiToken = user.withApiToken("resource https://api", new SignedInUser.ApiToken("jwt-1",
                Instant.now().plusSeconds(60)), "refresh-1");

        SignedInUser copy = (SignedInUser) deserialize(serialize(withApiToken));

        assertAll(
                () -> assertEquals("u1", copy.subject()),
                () -> assertEquals(Set.of("admin"), copy.roles()),
                () -> assertEquals(ID_TOKEN, copy.idToken()),
                () -> assertEquals("access-1", copy.accessToken()),
                () -> assertEquals(Optional.of("refresh-1"), copy.refreshToken()),
                () -> assertEquals(Optional.of("jwt-1"), copy.apiToken("resource https://api", Instant.now())),
                () -> assertEquals("s1", copy.sid()),
                () -> assertEquals(List.of("o1", "o2"), copy.organizations()));
    }

    @Test
    void isSmallOnTheWire() throws IOException {
        // the session a cluster replicates on every change: strings only, no parsed claims or JSON objects
        int bytes = serialize(user).length;
        assertTrue(bytes < 1024 + ID_TOKEN.length(), bytes + " bytes");
    }

    @Test
    void isDueForRefreshWithinTheMinimumValidity() {
        Duration tenSeconds = Duration.ofSeconds(10);
        assertAll(
                () -> assertFalse(user.refreshDue(NOW, tenSeconds)),
                () -> assertFalse(user.refreshDue(NOW.plusSeconds(3589), tenSeconds)),
                () -> assertTrue(user.refreshDue(NOW.plusSeconds(3590), tenSeconds)),
                () -> assertFalse(new SignedInUser("u1", Set.of(), ID_TOKEN, "a", NOW, null)
                        .refreshDue(NOW.plusSeconds(7200), tenSeconds), "nothing to refresh with"));
    }

    @Test
    void aRefreshKeepsTheRolesUnlessTheNewIdTokenListsThem() {
        TokenClient.Tokens tokens = new TokenClient.Tokens("access-2", NOW.plusSeconds(7200), "refresh-2", ID_TOKEN);

        SignedInUser kept = user.refreshed(tokens, NOW.plusSeconds(3600), Optional.empty());
        SignedInUser changed = user.refreshed(tokens, NOW.plusSeconds(3600), Optional.of(Set.of()));

        assertAll(
                () -> assertEquals(Set.of("admin"), kept.roles()),
                () -> assertEquals(Set.of(), changed.roles()),
                () -> assertEquals("access-2", kept.accessToken()),
                () -> assertEquals(Optional.of("refresh-2"), kept.refreshToken()),
                () -> assertTrue(kept.refreshDue(NOW.plusSeconds(3590), Duration.ofSeconds(10)),
                        "due by the earlier of the two expiries (the ID token's here)"));
    }

    @Test
    void aRefreshWhoseIdTokenWaitsForItsCheckKeepsWhatLogtoGrantedButNotItsClaims() {
        String waiting = jwt("{\"sub\":\"u1\",\"roles\":[],\"exp\":" + NOW.plusSeconds(1800).getEpochSecond() + "}");
        TokenClient.Tokens tokens = new TokenClient.Tokens("access-2", NOW.plusSeconds(3600), "refresh-2", waiting);

        SignedInUser unverified = user.refreshedUnverified(tokens);
        SignedInUser verified = unverified.verified(Optional.of(Set.of()));

        assertAll(
                () -> assertEquals(Optional.of("refresh-2"), unverified.refreshToken(), "the rotated refresh token"),
                () -> assertEquals("access-2", unverified.accessToken()),
                () -> assertEquals(ID_TOKEN, unverified.idToken(), "claims of the verified ID token only"),
                () -> assertEquals(Set.of("admin"), unverified.roles()),
                () -> assertTrue(unverified.needsRenewal(NOW, Duration.ofSeconds(10)), "the check is to be retried"),
                () -> assertTrue(unverified.refreshDue(NOW.plusSeconds(1790), Duration.ofSeconds(10)),
                        "due before the waiting ID token expires"),
                () -> assertEquals(waiting, verified.idToken()),
                () -> assertEquals(Set.of(), verified.roles()),
                () -> assertFalse(verified.needsRenewal(NOW, Duration.ofSeconds(10))),
                () -> assertEquals(user.csrfToken(), verified.csrfToken(), "one sign-out token per session"));
    }

    @Test
    void anApiTokenIsServedOnlyUntilItsRefreshTime() {
        Instant refreshAfter = Instant.now().plusSeconds(30);
        SignedInUser cached = user.withApiToken("k", new SignedInUser.ApiToken("jwt", refreshAfter), "refresh-2");

        assertAll(
                () -> assertEquals(Optional.of("jwt"), cached.apiToken("k", refreshAfter.minusSeconds(1))),
                () -> assertEquals(Optional.empty(), cached.apiToken("k", refreshAfter)),
                () -> assertEquals(Optional.of("refresh-2"), cached.refreshToken(), "the rotated refresh token"));
    }

    @Test
    void neverPrintsATokenOrTheSecretsOfTheSession() {
        String text = user.withApiToken("k", new SignedInUser.ApiToken("jwt-secret", NOW), "refresh-1").toString();
        assertAll(
                () -> assertFalse(text.contains("access-1")),
                () -> assertFalse(text.contains("refresh-1")),
                () -> assertFalse(text.contains("jwt-secret")),
                () -> assertFalse(text.contains(ID_TOKEN)));
    }

    private static String jwt(String claims) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString("{\"alg\":\"ES384\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    private static byte[] serialize(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }

    private static Object deserialize(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        }
    }
}
