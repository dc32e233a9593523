package com.example.logto.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.logto.devprovider.Fault;
import com.example.logto.devprovider.LogtoDevProvider;
import com.example.logto.devprovider.RecordedRequest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The OpenID Foundation's Basic RP conformance cases (test ids as method names), each against the deployed WAR
 * with the provider misbehaving in exactly that way ({@link Fault}). A refused case must show a 4xx page with a
 * retry link, no stack trace, and leave {@code /api/logto/user} anonymous ({@link ProblemPage}).
 *
 * <p>Discovery lists ES384, ES256 and RS256 here (Soteria reads it once per deployment), so the accepted-algorithm
 * cases can run in one deployment; ES512 stays unlisted for the "algorithm not advertised" case.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConformanceIT {

    private static final String REFUSED = "Sign-in could not be completed";

    private final LogtoDevProvider provider = SampleApp.provider();
    private final HttpUser user = new HttpUser();

    @Deployment(testable = false)
    static WebArchive war() {
        SampleApp.provider().advertiseSigningAlgorithms("ES384", "ES256", "RS256");
        return SampleApp.war();
    }

    @AfterEach
    void behave() {
        provider.reset();
    }

    @AfterAll
    static void logtoLikeAgain() {
        SampleApp.provider().advertiseSigningAlgorithms("ES384");
    }

    @Test
    void rp_response_type_code() {
        provider.clearRequests();
        assertSignedIn("rt-user");
        assertEquals("code", provider.requests("/oidc/auth").get(0).params().get("response_type").get(0));
    }

    /**
     * The app authenticates at the token endpoint with client_secret_basic, what Logto registers for a Traditional
     * web app, for the code exchange as for refreshes; a provider that accepts only Basic signs the user in.
     */
    @Test
    void rp_token_endpoint_client_secret_basic() {
        provider.misbehave(Fault.TOKEN_ENDPOINT_BASIC_ONLY);
        provider.clearRequests();
        assertSignedIn("basic-user");
        RecordedRequest token = provider.requests("/oidc/token").get(0);
        assertAll(
                () -> assertEquals("authorization_code", token.params().get("grant_type").get(0)),
                () -> assertTrue(token.header("Authorization").startsWith("Basic "), token.header("Authorization")),
                () -> assertFalse(token.params().containsKey("client_secret")));
    }

    @Test
    void rp_id_token_sig_none() {
        assertRefused(Fault.ID_TOKEN_ALG_NONE);
    }

    @Test
    void rp_id_token_bad_sig_es384() {
        assertRefused(Fault.ID_TOKEN_BAD_SIGNATURE_ES384);
    }

    @Test
    void rp_id_token_bad_sig_rs256() {
        assertRefused(Fault.ID_TOKEN_BAD_SIGNATURE_RS256);
    }

    @Test
    void rp_id_token_sig_es384() {
        assertSignedIn("es384-user");
    }

    @Test
    void rp_id_token_sig_rs256() {
        provider.misbehave(Fault.ID_TOKEN_SIGNED_RS256);
        assertSignedIn("rs256-user");
    }

    @Test
    void rp_id_token_sig_es256() {
        provider.misbehave(Fault.ID_TOKEN_SIGNED_ES256);
        assertSignedIn("es256-user");
    }

    @Test
    void rp_id_token_sig_alg_not_advertised() {
        assertRefused(Fault.ID_TOKEN_SIGNED_ES512);
    }

    @Test
    void rp_id_token_aud() {
        assertRefused(Fault.ID_TOKEN_WRONG_AUDIENCE);
    }

    @Test
    void rp_id_token_issuer_mismatch() {
        assertRefused(Fault.ID_TOKEN_WRONG_ISSUER);
    }

    @Test
    void rp_id_token_iat() {
        assertRefused(Fault.ID_TOKEN_WITHOUT_IAT);
    }

    @Test
    void rp_id_token_exp() {
        assertRefused(Fault.ID_TOKEN_EXPIRED);
    }

    @Test
    void rp_id_token_sub() {
        assertRefused(Fault.ID_TOKEN_WITHOUT_SUB);
    }

    @Test
    void rp_nonce_invalid() {
        assertRefused(Fault.ID_TOKEN_WRONG_NONCE);
    }

    /** First, while the JWKS holds one key: without a kid the one key is used. */
    @Test
    @Order(1)
    void rp_id_token_kid_absent_single_jwks() {
        provider.misbehave(Fault.ID_TOKEN_WITHOUT_KID);
        assertSignedIn("no-kid-single");
    }

    /** After a rotation the JWKS holds two ES384 keys; without a kid Nimbus tries each. */
    @Test
    @Order(2)
    void rp_id_token_kid_absent_multiple_jwks() {
        provider.rotateSigningKey();
        assertSignedIn("kid-multiple-warmup");
        provider.misbehave(Fault.ID_TOKEN_WITHOUT_KID);
        assertSignedIn("no-kid-multiple", new HttpUser());
    }

    @Test
    void rp_id_token_unknown_kid() {
        assertRefused(Fault.ID_TOKEN_UNKNOWN_KID);
    }

    @Test
    void rp_key_rotation_op_sign_key() {
        assertSignedIn("before-rotation");
        provider.rotateSigningKey();
        assertSignedIn("after-rotation", new HttpUser());
    }

    @Test
    void rp_userinfo_bad_sub_claim() {
        assertSignedIn("userinfo-victim");
        provider.misbehave(Fault.USERINFO_WRONG_SUB);

        HttpResponse<String> response = user.get(SampleApp.url("/api/logto/user?fetchUserInfo=true"));

        assertAll(
                () -> assertEquals(502, response.statusCode(), response.body()),
                () -> assertFalse(response.body().contains("someone-else"), response.body()),
                () -> assertTrue(response.body().contains("\"error\":\"userinfo_unavailable\""), response.body()));
    }

    @Test
    void rp_userinfo_bearer_header() {
        assertSignedIn("bearer-user");
        provider.clearRequests();

        user.get(SampleApp.url("/api/logto/user?fetchUserInfo=true"));

        RecordedRequest userinfo = provider.requests("/oidc/me").get(0);
        assertAll(
                () -> assertTrue(userinfo.header("Authorization").startsWith("Bearer ")),
                () -> assertNull(userinfo.params().get("access_token")));
    }

    @Test
    void tamperedStateIsRefused() {
        HttpResponse<String> providerRedirect = user.submitLogin(
                user.follow(user.get(SampleApp.url("/api/logto/sign-in"))), "state-user", "");
        String callback = HttpUser.location(providerRedirect).replaceFirst("state=([^&]+)", "state=$1x");

        ProblemPage.assertShown(user, user.get(callback), 400, REFUSED);
    }

    /**
     * PKCE (RFC 7636) with S256: the authorization request carries a challenge, the code exchange its verifier. The
     * provider, like Logto, refuses a code whose challenge the exchange does not answer.
     */
    @Test
    void signInUsesPkceWithS256() throws Exception {
        provider.clearRequests();
        assertSignedIn("pkce-user");
        Map<String, List<String>> authorization = provider.requests("/oidc/auth").get(0).params();
        String verifier = provider.requests("/oidc/token").get(0).params().get("code_verifier").get(0);
        String challenge = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                java.security.MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(
                        java.nio.charset.StandardCharsets.US_ASCII)));
        assertAll(
                () -> assertEquals(List.of("S256"), authorization.get("code_challenge_method")),
                () -> assertEquals(List.of(challenge), authorization.get("code_challenge")),
                () -> assertTrue(verifier.matches("[A-Za-z0-9_-]{43,128}"), verifier));
    }

    /**
     * A sign-in costs Logto one token request: the keys are cached and the roles come from the ID token, also when
     * it carries none ({@code roles: []}, which Soteria took for a missing claim and asked userinfo about).
     */
    @Test
    void aSignInCallsOnlyTheTokenEndpoint() {
        assertSignedIn("warm-keys");
        provider.clearRequests();
        assertSignedIn("no-roles", new HttpUser());
        assertAll(
                () -> assertEquals(1, provider.requests("/oidc/token").size()),
                () -> assertEquals(List.of(), provider.requests("/oidc/me")),
                () -> assertEquals(List.of(), provider.requests("/oidc/jwks")));
    }

    /** A tenant that keeps roles out of its ID tokens: the roles come from userinfo, and the admin page opens. */
    @Test
    void rolesMissingFromTheIdTokenAreReadFromUserinfo() {
        provider.misbehave(Fault.ID_TOKEN_WITHOUT_ROLES);
        provider.clearRequests();

        HttpResponse<String> landing = user.signInOnceKeysCanBeFetched("userinfo-admin", "admin");

        assertAll(
                () -> assertEquals(200, landing.statusCode(), landing.body()),
                () -> assertEquals(1, provider.requests("/oidc/me").size()),
                () -> assertEquals(200, user.get(SampleApp.url("/admin")).statusCode()));
    }

    /** RFC 9207: Logto names itself in the authorization response; an answer naming another issuer is refused. */
    @Test
    void callbackNamingAnotherIssuerIsRefused() {
        HttpResponse<String> providerRedirect = user.submitLogin(
                user.follow(user.get(SampleApp.url("/api/logto/sign-in"))), "iss-user", "");
        String callback = HttpUser.location(providerRedirect);
        assertTrue(callback.contains("iss="), callback);

        ProblemPage.assertShown(user, user.get(callback.replaceFirst("iss=[^&]+", "iss=https%3A%2F%2Fevil.example%2Foidc")),
                400, REFUSED);
    }

    @Test
    void replayedCodeIsRefused() {
        HttpResponse<String> providerRedirect = user.submitLogin(
                user.follow(user.get(SampleApp.url("/api/logto/sign-in"))), "code-user", "");
        String code = SignInRoutesIT.query(URI.create(HttpUser.location(providerRedirect))).get("code");
        user.follow(providerRedirect);
        HttpUser attacker = new HttpUser();
        String authorize = HttpUser.location(attacker.get(SampleApp.url("/api/logto/sign-in")));
        String state = SignInRoutesIT.query(URI.create(authorize)).get("state");

        HttpResponse<String> replay = attacker.get(SampleApp.CALLBACK + "?code=" + code + "&state=" + state);

        ProblemPage.assertShown(attacker, replay, 400, REFUSED);
    }

    /**
     * The ID token that comes with a refresh passes the same checks as at sign-in and names the same user (OpenID
     * Connect Core 12.2); one that fails ends the session quietly: the user JSON turns anonymous, never a 500.
     * All sessions are signed in first and come due together, so one wait covers every case.
     */
    @Test
    void refreshedIdTokenThatFailsVerificationEndsTheSession() throws InterruptedException {
        List<Fault> faults = List.of(Fault.ID_TOKEN_ALG_NONE, Fault.ID_TOKEN_BAD_SIGNATURE_ES384,
                Fault.ID_TOKEN_SIGNED_ES512, Fault.ID_TOKEN_WRONG_AUDIENCE, Fault.ID_TOKEN_WRONG_ISSUER,
                Fault.ID_TOKEN_EXPIRED, Fault.ID_TOKEN_WITHOUT_SUB, Fault.ID_TOKEN_ANOTHER_SUBJECT);
        Map<Fault, HttpUser> sessions = new EnumMap<>(Fault.class);
        for (Fault fault : faults) {
            HttpUser session = new HttpUser();
            assertSignedIn("refresh-" + fault.ordinal(), session);
            sessions.put(fault, session);
        }
        HttpUser unharmed = new HttpUser();
        assertSignedIn("refresh-fine", unharmed);
        provider.clearRequests();
        Thread.sleep(SampleApp.ACCESS_TOKEN_TTL.minus(com.example.logto.config.LogtoConfig.TOKEN_MIN_VALIDITY).toMillis() + 1000);

        Map<Fault, String> answers = new EnumMap<>(Fault.class);
        for (Fault fault : faults) {
            provider.misbehave(fault);
            answers.put(fault, sessions.get(fault).get(SampleApp.url("/api/logto/user")).body());
        }
        provider.reset();
        String fine = unharmed.get(SampleApp.url("/api/logto/user")).body();

        assertAll(faults.stream().map(fault -> () -> assertEquals("{\"isAuthenticated\":false}", answers.get(fault),
                fault.name())));
        assertTrue(fine.contains("\"sub\":\"" + provider.subjectFor("refresh-fine") + "\""), fine);
        assertEquals(faults.size() + 1, provider.requests("/oidc/token").stream()
                .filter(r -> r.params().get("grant_type").contains("refresh_token")).count(), "one refresh each");
    }

    private void assertRefused(Fault fault) {
        provider.misbehave(fault);
        ProblemPage.assertShown(user,
                user.signInOnceKeysCanBeFetched(fault.name().toLowerCase().replace('_', '-'), ""), 400, REFUSED);
    }

    private void assertSignedIn(String username) {
        assertSignedIn(username, user);
    }

    private void assertSignedIn(String username, HttpUser who) {
        HttpResponse<String> landing = who.signInOnceKeysCanBeFetched(username, "");
        assertAll(
                () -> assertEquals(200, landing.statusCode(), landing.body()),
                () -> assertTrue(who.get(SampleApp.url("/api/logto/user")).body()
                        .contains("\"sub\":\"" + provider.subjectFor(username) + "\""), "signed in"));
    }
}
