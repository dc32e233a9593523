package com.example.logto.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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

    /** Starts a sign-in and returns the (URL-encoded) state it sent to Logto. */
    private String startSignIn() {
        String authorize = HttpUser.location(user.get(SampleApp.url("/api/logto/sign-in")));
        return URLEncoder.encode(SignInRoutesIT.query(URI.create(authorize)).get("state"), StandardCharsets.UTF_8);
    }
}
