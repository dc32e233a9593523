package com.example.logto.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a hostile browser or page can try: framing, sniffing, caching, cookie theft, open redirects, error pages
 * that talk, and garbage input ({@link Fuzzer}). The WAR gets one test-only servlet ({@link StatusServlet}) to
 * produce each error status.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HardeningIT {

    private final HttpUser user = new HttpUser();

    @Deployment(testable = false)
    static WebArchive war() {
        return SampleApp.war().addClass(StatusServlet.class);
    }

    @Test
    void pagesCarrySecurityHeaders() {
        user.signIn("helen", "");
        for (String path : List.of("/", "/profile", "/api/logto/user", "/no-such-page", "/admin",
                "/api/logto/sign-in-callback")) {
            HttpResponse<String> response = user.get(SampleApp.url(path));
            String csp = response.headers().firstValue("Content-Security-Policy").orElse("");
            assertAll(path,
                    () -> assertTrue(csp.contains("frame-ancestors 'none'"), csp),
                    () -> assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp),
                    () -> assertEquals("DENY", response.headers().firstValue("X-Frame-Options").orElse("")),
                    () -> assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse("")),
                    () -> assertEquals("no-referrer", response.headers().firstValue("Referrer-Policy").orElse("")),
                    () -> assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse("")),
                    () -> assertFalse(response.headers().firstValue("X-Powered-By").isPresent(), "X-Powered-By"),
                    () -> assertFalse(response.headers().firstValue("Server").isPresent(), "Server"));
        }
    }

    @Test
    void sessionCookieIsHttpOnlyAndSameSiteLax() {
        HttpResponse<String> response = user.get(SampleApp.url("/api/logto/sign-in"));

        String cookie = response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("JSESSIONID=")).findFirst().orElseThrow();
        assertAll(
                () -> assertTrue(cookie.contains("HttpOnly"), cookie),
                () -> assertTrue(cookie.toLowerCase().contains("samesite=lax"), cookie),
                () -> assertFalse(cookie.contains("Secure"), "plain-http base URL: " + cookie));
    }

    @ParameterizedTest
    @ValueSource(strings = {"//evil.example/", "https://evil.example/", "/%5Cevil.example", "%2F%2Fevil.example",
        "javascript:alert(1)", "/ok%0D%0ALocation:%20https://evil.example/", "http:%2F%2Fevil.example"})
    void returnToNeverLeavesTheSite(String returnTo) {
        HttpResponse<String> anonymous = user.get(SampleApp.url("/api/logto/sign-in?returnTo=" + returnTo));
        user.signIn("ivy", "");
        HttpResponse<String> signedIn = user.get(SampleApp.url("/api/logto/sign-in?returnTo=" + returnTo));

        assertAll(
                () -> assertEquals(400, anonymous.statusCode()),
                () -> assertEquals(302, signedIn.statusCode()),
                () -> assertEquals(SampleApp.url("/"), HttpUser.location(signedIn)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"400", "401", "403", "404", "500", "503", "throw"})
    void errorPagesRevealNothingInternal(String code) {
        HttpResponse<String> response = user.get(SampleApp.url("/it/status?code=" + code));

        String body = response.body();
        assertAll(
                () -> assertEquals("throw".equals(code) ? 500 : Integer.parseInt(code), response.statusCode()),
                () -> assertTrue(body.contains("id=\"problem-title\""), body),
                () -> assertFalse(body.contains("hunter2") || body.contains("db.internal"), body),
                () -> assertFalse(body.contains("Exception") || body.contains("at com."), body),
                () -> assertFalse(body.contains("Payara") || body.contains("Servlet/"), body),
                () -> assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse("")));
    }

    @Test
    void garbageInputNeverCausesAServerError() throws Exception {
        user.signIn("fuzz-victim", "");
        String session = user.cookie("JSESSIONID").orElseThrow().getValue();

        Fuzzer.Result result = new Fuzzer(SampleApp.BASE_URL, session, 42).run(2000);

        System.out.println("Fuzzing: " + result);
        assertEquals(0, result.serverErrors(), result.toString());
        assertTrue(user.get(SampleApp.url("/api/logto/user")).body().contains("\"isAuthenticated\":true"),
                "the signed-in user survives the garbage sent with their cookie");
    }
}
