package com.example.logto.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.logto.devprovider.LogtoDevProvider;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sign-in route: what it sends to Logto, what it passes through, and what it refuses. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SignInRoutesIT {

    private final LogtoDevProvider provider = SampleApp.provider();
    private final HttpUser user = new HttpUser();

    @Deployment(testable = false)
    static WebArchive war() {
        return SampleApp.war();
    }

    @BeforeEach
    void forgetRequests() {
        provider.clearRequests();
    }

    @Test
    void signInRedirectsToLogtoWithConsentAndReservedScopes() {
        HttpResponse<String> response = user.get(SampleApp.url("/api/logto/sign-in"));

        assertEquals(302, response.statusCode());
        URI location = URI.create(HttpUser.location(response));
        Map<String, String> query = query(location);
        assertAll(
                () -> assertEquals(provider.issuer() + "/auth", location.getScheme() + "://" + location.getAuthority()
                        + location.getPath()),
                () -> assertEquals(SampleApp.APP_ID, query.get("client_id")),
                () -> assertEquals(SampleApp.CALLBACK, query.get("redirect_uri")),
                () -> assertEquals("code", query.get("response_type")),
                () -> assertEquals("consent", query.get("prompt")),
                () -> assertEquals("openid profile offline_access email roles urn:logto:scope:organizations"
                        + " urn:logto:scope:organization_roles read:orders read:org-orders write:org-orders",
                        query.get("scope")),
                () -> assertEquals(List.of("resource=https%3A%2F%2Forders.example.com%2Fapi",
                        "resource=https%3A%2F%2Fbilling.example.com", "resource=urn%3Alogto%3Aresource%3Aorganizations"),
                        Arrays.stream(location.getRawQuery().split("&"))
                        .filter(p -> p.startsWith("resource=")).toList()),
                () -> assertTrue(query.containsKey("state") && query.containsKey("nonce")));
    }

    @Test
    void signInPassesValidatedLogtoParametersThrough() {
        HttpResponse<String> response = user.get(SampleApp.url("/api/logto/sign-in?direct_sign_in=social:github"
                + "&first_screen=identifier:sign_in&login_hint=ann%40example.com&ui_locales=de-CH%20en&other=ignored"));

        Map<String, String> query = query(URI.create(HttpUser.location(response)));
        assertAll(
                () -> assertEquals("social:github", query.get("direct_sign_in")),
                () -> assertEquals("identifier:sign_in", query.get("first_screen")),
                () -> assertEquals("ann@example.com", query.get("login_hint")),
                () -> assertEquals("de-CH en", query.get("ui_locales")),
                () -> assertFalse(query.containsKey("other")));
    }

    @Test
    void signUpOpensTheRegisterScreen() {
        HttpResponse<String> loginPage = user.follow(user.get(SampleApp.url("/api/logto/sign-up")));

        assertEquals(200, loginPage.statusCode());
        assertEquals("register", provider.requests("/oidc/auth").get(0).params().get("first_screen").get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "returnTo=//evil.example/", "returnTo=https://evil.example/", "returnTo=/%5Cevil.example",
        "returnTo=profile", "first_screen=identifier:sign-in", "direct_sign_in=evil", "ui_locales=%3Cscript%3E"})
    void invalidParametersAreRefusedWithoutLeavingTheSite(String parameter) {
        HttpResponse<String> response = user.get(SampleApp.url("/api/logto/sign-in?" + parameter));

        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("is not valid"), response.body());
        assertTrue(provider.requests("/oidc/auth").isEmpty());
    }

    @Test
    void signInLandsOnReturnToWithTheUserSignedIn() {
        HttpResponse<String> landing = user.follow(user.submitLogin(
                user.follow(user.get(SampleApp.url("/api/logto/sign-in?returnTo=/profile%3Ftab%3Dclaims"))),
                "carol", ""));

        assertEquals(SampleApp.url("/profile?tab=claims"), landing.uri().toString());
        assertEquals(200, landing.statusCode());
        assertTrue(landing.body().contains(provider.subjectFor("carol")));
    }

    @Test
    void protectedPageStartsSignInAndReturnsToIt() {
        HttpResponse<String> loginPage = user.follow(user.get(SampleApp.url("/profile")));
        HttpResponse<String> landing = user.follow(user.submitLogin(loginPage, "dave", ""));

        assertEquals(SampleApp.url("/profile"), landing.uri().toString());
        assertTrue(landing.body().contains(provider.subjectFor("dave")));
    }

    @Test
    void signedInUserGoingToSignInLandsOnReturnTo() {
        user.signIn("erin", "");

        HttpResponse<String> response = user.get(SampleApp.url("/api/logto/sign-in?returnTo=/profile"));

        assertEquals(302, response.statusCode());
        assertEquals(SampleApp.url("/profile"), HttpUser.location(response));
    }

    @Test
    void sessionIdChangesWhenSigningIn() {
        HttpResponse<String> loginPage = user.follow(user.get(SampleApp.url("/api/logto/sign-in")));
        String before = user.cookie("JSESSIONID").orElseThrow().getValue();

        user.follow(user.submitLogin(loginPage, "frank", ""));

        String after = user.cookie("JSESSIONID").orElseThrow().getValue();
        assertFalse(before.equals(after), "session id must change at sign-in");
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> query = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] parts = pair.split("=", 2);
            query.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        }
        return query;
    }
}
