package com.example.logto.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.logto.devprovider.LogtoDevProvider;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /api/logto/user}, shaped like the SDK's LogtoContext, and the session it reads staying alive. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class UserJsonIT {

    private final LogtoDevProvider provider = SampleApp.provider();
    private final HttpUser user = new HttpUser();

    @Deployment(testable = false)
    static WebArchive war() {
        return SampleApp.war();
    }

    @Test
    void anonymousUserJsonNeverRedirects() {
        HttpResponse<String> response = user.get(SampleApp.url("/api/logto/user"),
                "Accept", "application/json", "Sec-Fetch-Mode", "cors", "Sec-Fetch-Dest", "empty");

        assertAll(
                () -> assertEquals(200, response.statusCode()),
                () -> assertEquals("{\"isAuthenticated\":false}", response.body()),
                () -> assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse("")),
                () -> assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")));
    }

    @Test
    void signedInUserJsonCarriesTheIdTokenClaims() {
        user.signIn("judy", "admin, editor");

        JsonObject json = json(user.get(SampleApp.url("/api/logto/user")));

        JsonObject claims = json.getJsonObject("claims");
        assertAll(
                () -> assertTrue(json.getBoolean("isAuthenticated")),
                () -> assertEquals(provider.subjectFor("judy"), claims.getString("sub")),
                () -> assertEquals(provider.issuer(), claims.getString("iss")),
                () -> assertEquals(SampleApp.APP_ID, claims.getString("aud")),
                () -> assertEquals("[\"admin\",\"editor\"]", claims.getJsonArray("roles").toString()),
                () -> assertFalse(json.containsKey("accessToken")),
                () -> assertFalse(json.containsKey("userInfo")));
    }

    @Test
    void fetchUserInfoAddsLogtoUserInfo() {
        user.signIn("kate", "");
        provider.clearRequests();

        JsonObject json = json(user.get(SampleApp.url("/api/logto/user?fetchUserInfo=true")));

        assertEquals(provider.subjectFor("kate"), json.getJsonObject("userInfo").getString("sub"));
        assertTrue(provider.requests("/oidc/me").get(0).header("Authorization").startsWith("Bearer "));
    }

    @Test
    void getAccessTokenAddsTheOpaqueAccessToken() {
        user.signIn("liam", "");

        String token = json(user.get(SampleApp.url("/api/logto/user?getAccessToken=true"))).getString("accessToken");

        assertTrue(token.length() >= 43 && !token.contains("."), token);
    }

    @Test
    void expiredAccessTokenIsRefreshedWithoutTheUserNoticing() throws InterruptedException {
        user.signIn("mona", "");
        String before = json(user.get(SampleApp.url("/api/logto/user?getAccessToken=true"))).getString("accessToken");
        provider.clearRequests();

        // Soteria refreshes once less than tokenMinValidity (10 s) is left of the 15 s access token.
        Thread.sleep(SampleApp.ACCESS_TOKEN_TTL.minus(Duration.ofSeconds(9)).toMillis());
        HttpResponse<String> response = user.get(SampleApp.url("/api/logto/user?getAccessToken=true&fetchUserInfo=true"));

        JsonObject json = json(response);
        assertAll(
                () -> assertEquals(200, response.statusCode()),
                () -> assertTrue(json.getBoolean("isAuthenticated")),
                () -> assertNotEquals(before, json.getString("accessToken")),
                () -> assertEquals(provider.subjectFor("mona"), json.getJsonObject("userInfo").getString("sub")),
                () -> assertEquals("refresh_token",
                        provider.requests("/oidc/token").get(0).params().get("grant_type").get(0)));
    }

    private static JsonObject json(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return Json.createReader(new StringReader(response.body())).readObject();
    }
}
