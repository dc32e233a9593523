package com.example.logto.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Callbacks that must not sign anyone in and must not crash: each answers a 4xx page with a retry link, never a
 * 500 or a stack trace, and {@code /api/logto/user} stays anonymous.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CallbackErrorsIT {

    private final HttpUser user = new HttpUser();

    @Deployment(testable = false)
    static WebArchive war() {
        return SampleApp.war();
    }

    @Test
    void callbackWithoutPendingSignInShowsExpiredPage() {
        HttpResponse<String> response = user.get(SampleApp.CALLBACK + "?code=abc&state=xyz");

        ProblemPage.assertShown(user, response, 400, "This sign-in link has expired");
    }

    @Test
    void replayedCallbackInAnotherBrowserShowsExpiredPage() {
        HttpResponse<String> providerRedirect = user.submitLogin(
                user.follow(user.get(SampleApp.url("/api/logto/sign-in"))), "gina", "");
        String callback = HttpUser.location(providerRedirect);
        user.follow(providerRedirect);

        HttpUser attacker = new HttpUser();
        ProblemPage.assertShown(attacker, attacker.get(callback), 400, "This sign-in link has expired");
    }

    @Test
    void replayedCallbackInTheSameBrowserKeepsTheUserSignedIn() {
        HttpResponse<String> providerRedirect = user.submitLogin(
                user.follow(user.get(SampleApp.url("/api/logto/sign-in"))), "hank", "");
        String callback = HttpUser.location(providerRedirect);
        user.follow(providerRedirect);

        HttpResponse<String> replay = user.get(callback);

        assertEquals(303, replay.statusCode());
        assertTrue(user.get(SampleApp.url("/api/logto/user")).body().contains("\"isAuthenticated\":true"));
    }

    @Test
    void forgedStateIsRejected() {
        user.follow(user.get(SampleApp.url("/api/logto/sign-in")));

        HttpResponse<String> response = user.get(SampleApp.CALLBACK + "?code=abc&state=forged-state-value");

        ProblemPage.assertShown(user, response, 400, "Sign-in could not be completed");
    }

    @Test
    void codeRejectedByLogtoIsRejected() {
        HttpResponse<String> response = user.get(SampleApp.CALLBACK + "?code=not-issued&state=" + startSignIn());

        ProblemPage.assertShown(user, response, 400, "Sign-in could not be completed");
    }

    @Test
    void cancelledSignInShowsFriendlyPage() {
        HttpResponse<String> response = user.get(SampleApp.CALLBACK + "?error=access_denied"
                + "&error_description=End-User+aborted+interaction&state=" + startSignIn());

        ProblemPage.assertShown(user, response, 400, "Sign-in was cancelled");
    }

    @Test
    void codeAndStateOnAnyOtherPageAreIgnored() {
        HttpResponse<String> response = user.get(SampleApp.url("/?code=abc&state=xyz"));

        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("You are not signed in."));
    }

    @Test
    void anonymousSignOutGoesHome() {
        HttpResponse<String> get = user.get(SampleApp.url("/api/logto/sign-out"));
        HttpResponse<String> post = user.post(SampleApp.url("/api/logto/sign-out"), java.util.Map.of());

        assertAll(
                () -> assertEquals(302, get.statusCode()),
                () -> assertEquals(SampleApp.url("/"), HttpUser.location(get)),
                () -> assertEquals(302, post.statusCode()),
                () -> assertEquals(SampleApp.url("/"), HttpUser.location(post)));
    }

    @Test
    void signOutFromAnotherSiteIsRefused() {
        user.signIn("ivan", "");

        HttpResponse<String> forged = user.post(SampleApp.url("/api/logto/sign-out"), java.util.Map.of("csrf", "guess"));

        assertEquals(403, forged.statusCode());
        assertTrue(user.get(SampleApp.url("/api/logto/user")).body().contains("\"isAuthenticated\":true"));
    }

    /**
     * Two tabs load their first page of a new session at once: both sign-out forms carry the same token, and
     * signing out from either works. A token made on first use by a check-then-set could differ per tab.
     */
    @Test
    void parallelFirstPageLoadsShareOneSignOutToken() throws Exception {
        for (int session = 0; session < 3; session++) {
            HttpUser tabs = new HttpUser();
            HttpResponse<String> landing = tabs.get(HttpUser.location(tabs.submitLogin(
                    tabs.follow(tabs.get(SampleApp.url("/api/logto/sign-in"))), "twin-tabs-" + session, "")));
            assertEquals(303, landing.statusCode(), "signed in, first page not loaded yet");
            List<String> tokens = inParallel(8, () -> {
                Matcher csrf = CSRF.matcher(tabs.get(SampleApp.url("/")).body());
                return csrf.find() ? csrf.group(1) : "no sign-out form";
            });

            assertEquals(1, Set.copyOf(tokens).size(), "tokens of one session: " + tokens);
            HttpResponse<String> signOut = tabs.post(SampleApp.url("/api/logto/sign-out"),
                    java.util.Map.of("csrf", tokens.get(tokens.size() - 1)));
            assertEquals(303, signOut.statusCode(), "sign-out with the last tab's token");
        }
    }

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private static <T> List<T> inParallel(int n, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> values = new ArrayList<>();
            for (Future<T> result : results) {
                values.add(result.get());
            }
            return values;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Starts a sign-in and returns the (URL-encoded) state it sent to Logto. */
    private String startSignIn() {
        String authorize = HttpUser.location(user.get(SampleApp.url("/api/logto/sign-in")));
        return URLEncoder.encode(SignInRoutesIT.query(URI.create(authorize)).get("state"), StandardCharsets.UTF_8);
    }
}
