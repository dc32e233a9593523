package com.example.logto.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.logto.devprovider.LogtoDevProvider;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /api/logto/backchannel-logout}: Logto ends a session here, when asked and when the user signs out of Logto
 * in another app; forged and replayed tokens change nothing.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BackChannelLogoutIT {

    private static final String APP = SampleApp.APP_ID;

    private final LogtoDevProvider provider = SampleApp.provider();

    @Deployment(testable = false)
    static WebArchive war() {
        return SampleApp.war();
    }

    @Test
    void aBackChannelLogoutEndsTheLiveBrowserSession() {
        try (Chrome chrome = new Chrome()) {
            String vera = provider.subjectFor("vera");
            chrome.open(SampleApp.url("/")).click("sign-in");
            chrome.waitForUrl(provider.issuer()).signInAtProvider("vera", "reader");
            chrome.waitForUrl(SampleApp.BASE_URL).waitForText("greeting", "Hello, " + vera);

            // the home page calls the protected API with vera's access token
            chrome.click("call-orders").waitForTextContaining("orders-result", "\"owner\":\"" + vera + "\"");
            assertTrue(chrome.text("orders-result").startsWith("200 "), chrome.text("orders-result"));

            assertEquals(200, provider.sendBackChannelLogout(APP, provider.backChannelLogoutToken(APP, "vera")));

            chrome.open(SampleApp.url("/")).waitForText("greeting", "Welcome");
            assertTrue(chrome.open(SampleApp.url("/api/logto/user")).pageText().contains("\"isAuthenticated\":false"));
        }
    }

    @Test
    void signingOutOfAnotherAppEndsThisAppsSessionInThatBrowserOnly() {
        HttpUser browser = signedIn("ivy");
        HttpUser otherBrowser = signedIn("ivy");
        String otherApp = "client_id=" + SampleApp.OTHER_APP_ID;

        // the user's other app, in the same browser: Logto signs the user in at once (single sign-on) ...
        HttpResponse<String> signIn = browser.get(provider.issuer() + "/auth?" + otherApp + "&response_type=code"
                + "&scope=openid&state=s-1&redirect_uri=" + encode(SampleApp.OTHER_APP_CALLBACK));
        assertTrue(HttpUser.location(signIn).startsWith(SampleApp.OTHER_APP_CALLBACK + "?code="), signIn.body());
        // ... and, when the user signs out there, ends the Logto session and tells every app of it
        HttpResponse<String> signedOut = browser.submitHiddenForm(browser.get(provider.issuer() + "/session/end?"
                + otherApp));
        assertEquals(provider.issuer() + "/session/end/success", HttpUser.location(signedOut));

        assertAll(
                () -> assertTrue(isSignedOut(browser), "Logto's back-channel call ended the session in that browser"),
                () -> assertTrue(isSignedIn(otherBrowser), "another browser's Logto session (another sid) lives on"));
    }

    @Test
    void aReplayedLogoutTokenIsRefusedAndOnlyTheNamedSessionEnds() {
        HttpUser wes = signedIn("wes");
        HttpUser xia = signedIn("xia");
        String token = provider.backChannelLogoutToken(APP, "wes");

        int first = provider.sendBackChannelLogout(APP, token);
        HttpUser wesAgain = signedIn("wes");
        int replay = provider.sendBackChannelLogout(APP, token);

        assertAll(
                () -> assertEquals(200, first),
                () -> assertEquals(400, replay),
                () -> assertTrue(isSignedOut(wes)),
                () -> assertTrue(isSignedIn(xia), "another user's session survives"),
                () -> assertTrue(isSignedIn(wesAgain), "a replay ends nothing"));
    }

    @Test
    void logoutTokensThatBreakARuleAreRefusedAndEndNothing() throws Exception {
        HttpUser yan = signedIn("yan");
        Map<String, Object> valid = new LinkedHashMap<>(
                SignedJWT.parse(provider.backChannelLogoutToken(APP, "yan")).getJWTClaimsSet().toJSONObject());

        assertAll(
                () -> assertEquals(400, send("JWT", valid, c -> { })),
                () -> assertEquals(400, send(null, valid, c -> { })),
                () -> assertEquals(400, send("logout+jwt", valid, c -> c.put("aud", "another-app"))),
                () -> assertEquals(400, send("logout+jwt", valid, c -> c.put("iss", "https://evil.example.com/oidc"))),
                () -> assertEquals(400, send("logout+jwt", valid, c -> c.put("nonce", "n-1"))),
                () -> assertEquals(400, send("logout+jwt", valid, c -> c.remove("events"))),
                () -> assertEquals(400, send("logout+jwt", valid, c -> c.put("events", Map.of("x", Map.of())))),
                () -> assertEquals(400, send("logout+jwt", valid, c -> {
                    c.remove("sid");
                    c.remove("sub");
                })),
                () -> assertEquals(400, send("logout+jwt", valid, c -> {
                    c.put("iat", Instant.now().minusSeconds(600).getEpochSecond());
                    c.remove("exp");
                })),
                () -> assertEquals(400, foreignSigned(valid)),
                () -> assertEquals(400, provider.sendBackChannelLogout(APP, "not-a-jwt")));
        assertTrue(isSignedIn(yan));
    }

    /** Sends {@code valid} changed by {@code change}, with a fresh jti, signed by the provider. */
    private int send(String typ, Map<String, Object> valid, Consumer<Map<String, Object>> change) {
        Map<String, Object> claims = new LinkedHashMap<>(valid);
        claims.put("jti", "jti-" + System.nanoTime());
        change.accept(claims);
        return provider.sendBackChannelLogout(APP, provider.sign(typ, claims));
    }

    private int foreignSigned(Map<String, Object> valid) throws Exception {
        Map<String, Object> claims = new LinkedHashMap<>(valid);
        claims.put("jti", "jti-" + System.nanoTime());
        String kid = SignedJWT.parse(provider.sign("logout+jwt", claims)).getHeader().getKeyID();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES384)
                .type(new JOSEObjectType("logout+jwt")).keyID(kid).build(), JWTClaimsSet.parse(claims));
        jwt.sign(new ECDSASigner(new ECKeyGenerator(Curve.P_384).generate()));
        return provider.sendBackChannelLogout(APP, jwt.serialize());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static HttpUser signedIn(String username) {
        HttpUser user = new HttpUser();
        user.signIn(username, "");
        assertTrue(isSignedIn(user));
        return user;
    }

    private static boolean isSignedIn(HttpUser user) {
        return user.get(SampleApp.url("/api/logto/user")).body().contains("\"isAuthenticated\":true");
    }

    private static boolean isSignedOut(HttpUser user) {
        return user.get(SampleApp.url("/api/logto/user")).body().contains("\"isAuthenticated\":false");
    }
}
