package com.example.logto.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.logto.devprovider.LogtoDevProvider;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The app behind nginx terminating TLS, with {@code LOGTO_BASE_URL=https://localhost:<proxy port>} (failsafe
 * execution {@code behind-tls-proxy} in pom.xml): the server must take the public scheme from the proxy
 * ({@code server-config/payara/behind-proxy.asadmin}, {@code server-config/wildfly/behind-proxy.cli}), or the
 * sign-in callback never matches the redirect URI.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BehindTlsProxyIT {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern XSRF = Pattern.compile("name=\"xsrf\" value=\"([^\"]+)\"");

    private static TlsProxy proxy;

    private final LogtoDevProvider provider = SampleApp.provider();

    @Deployment(testable = false)
    static WebArchive war() {
        return SampleApp.war();
    }

    @BeforeAll
    static void startProxy() throws Exception {
        proxy = TlsProxy.start(URI.create(SampleApp.BASE_URL).getPort(), Integer.getInteger("it.app.port"));
    }

    @AfterAll
    static void stopProxy() throws Exception {
        proxy.close();
    }

    @Test
    void signInThroughTheProxySendsThePublicHttpsRedirectUri() {
        HttpUser user = new HttpUser(proxy.trustingClient());

        HttpResponse<String> landing = user.signIn("grace", "");

        String redirectUri = provider.requests("/oidc/auth").get(provider.requests("/oidc/auth").size() - 1)
                .param("redirect_uri");
        assertAll(
                () -> assertTrue(SampleApp.BASE_URL.startsWith("https://localhost:"), SampleApp.BASE_URL),
                () -> assertEquals(SampleApp.BASE_URL + "/api/logto/sign-in-callback", redirectUri),
                () -> assertEquals(SampleApp.url("/"), landing.uri().toString()),
                () -> assertEquals(200, landing.statusCode()),
                () -> assertTrue(landing.body().contains(provider.subjectFor("grace")), landing.body()));
    }

    @Test
    void sessionCookieIsSecureBehindTheProxy() {
        HttpUser user = new HttpUser(proxy.trustingClient());

        user.signIn("heidi", "");

        HttpCookie session = user.cookie("JSESSIONID").orElseThrow();
        assertAll(
                () -> assertTrue(session.getSecure(), "JSESSIONID must be Secure"),
                () -> assertTrue(session.isHttpOnly(), "JSESSIONID must be HttpOnly"));
    }

    @Test
    void claimsJsonAndSignOutWorkThroughTheProxy() {
        HttpUser user = new HttpUser(proxy.trustingClient());
        user.signIn("ivan", "admin");

        String json = user.get(SampleApp.url("/api/logto/user")).body();
        Matcher csrf = CSRF.matcher(user.get(SampleApp.url("/")).body());
        assertTrue(csrf.find(), "sign-out form on the home page");
        HttpResponse<String> signOut = user.post(SampleApp.url("/api/logto/sign-out"), Map.of("csrf", csrf.group(1)));
        Matcher xsrf = XSRF.matcher(user.follow(signOut).body()); // Logto's auto-submitting logout form
        assertTrue(xsrf.find(), "Logto's logout form");
        HttpResponse<String> home = user.follow(user.post(provider.issuer() + "/session/end/confirm",
                Map.of("xsrf", xsrf.group(1), "logout", "yes")));

        assertAll(
                () -> assertTrue(json.contains("\"sub\":\"" + provider.subjectFor("ivan") + "\""), json),
                () -> assertEquals(303, signOut.statusCode()),
                () -> assertTrue(HttpUser.location(signOut).startsWith(provider.issuer() + "/session/end"),
                        HttpUser.location(signOut)),
                () -> assertEquals(SampleApp.url("/"), home.uri().toString()),
                () -> assertTrue(home.body().contains("You are not signed in."), home.body()),
                () -> assertTrue(user.get(SampleApp.url("/api/logto/user")).body().contains("\"isAuthenticated\":false")));
    }
}
