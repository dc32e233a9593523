package com.example.logto.security.session;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The record of back-channel logouts, which refuses sessions this server never registered (in a cluster: signed
 * in on another member, or on one that is gone).
 */
class SignedInSessionsTest {

    private static final Duration HOUR = Duration.ofHours(1);
    private final SignedInSessions sessions = new SignedInSessions();

    @Test
    void aLogoutBySidEndsEverySessionOfThatLogtoSessionOnly() {
        SignedInUser ann = user("ann", "sid-1");
        SignedInUser annElsewhere = user("ann", "sid-2");

        assertEquals(0, sessions.end("sid-1", "ann", HOUR), "no session of this server to invalidate");

        assertAll(
                () -> assertTrue(sessions.ended(ann)),
                () -> assertFalse(sessions.ended(annElsewhere), "another browser of the same user"),
                () -> assertFalse(sessions.ended(user("bob", "sid-1")), "sid given with another sub"));
    }

    @Test
    void aLogoutBySubEndsTheUsersEarlierSessionsButNotLaterSignIns() throws InterruptedException {
        SignedInUser before = user("ann", null);
        sessions.end(null, "ann", HOUR);
        Thread.sleep(5);
        SignedInUser after = user("ann", null);

        assertAll(
                () -> assertTrue(sessions.ended(before)),
                () -> assertFalse(sessions.ended(after)),
                () -> assertFalse(sessions.ended(user("bob", null))));
    }

    @Test
    void aLogoutIsForgottenAfterTheSessionTimeout() {
        sessions.end("sid-old", null, Duration.ofMillis(-1)); // already past its keeping time
        sessions.end("sid-new", null, HOUR);                  // each new logout sweeps the expired ones

        assertAll(
                () -> assertFalse(sessions.ended(user("ann", "sid-old"))),
                () -> assertTrue(sessions.ended(user("ann", "sid-new"))));
    }

    /** WildFly gives each request and listener call its own object for one session; the id is what they share. */
    @Test
    void aSessionEndedThroughAnotherObjectOfItIsForgotten() {
        sessions.register(session("session-1"), "sid-1", "ann");
        sessions.register(session("session-2"), "sid-2", "ann");

        sessions.forget(session("session-1"));

        assertEquals(1, sessions.end(null, "ann", HOUR), "only the session still open is left to invalidate");
    }

    /** A session object of the given id whose invalidate() does nothing. */
    private static jakarta.servlet.http.HttpSession session(String id) {
        return (jakarta.servlet.http.HttpSession) java.lang.reflect.Proxy.newProxyInstance(
                SignedInSessionsTest.class.getClassLoader(), new Class<?>[] {jakarta.servlet.http.HttpSession.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getId" -> id;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }

    private static SignedInUser user(String sub, String sid) {
        String claims = "{\"sub\":\"" + sub + "\"" + (sid == null ? "" : ",\"sid\":\"" + sid + "\"") + "}";
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String idToken = "e30." + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
        return new SignedInUser(sub, Set.of(), idToken, "access", Instant.now().plus(HOUR), "refresh");
    }
}
