package com.example.logto.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.logto.devprovider.LogtoDevProvider;
import com.example.logto.devprovider.RecordedRequest;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A person's whole visit in a real Chromium: sign in, look around, get refused, sign out, sign in again. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BrowserFlowIT {

    private final LogtoDevProvider provider = SampleApp.provider();

    @Deployment(testable = false)
    static WebArchive war() {
        return SampleApp.war();
    }

    @Test
    void signInBrowseSignOutAndSignInAgain() {
        try (Chrome chrome = new Chrome()) {
            String alice = provider.subjectFor("alice");

            // home -> Sign in -> Logto's form -> back home, greeted
            chrome.open(SampleApp.url("/")).waitForText("greeting", "Welcome").click("sign-in");
            chrome.waitForUrl(provider.issuer()).signInAtProvider("alice", "editor");
            chrome.waitForUrl(SampleApp.BASE_URL).waitForText("greeting", "Hello, " + alice);

            // the claims JSON, the profile page, and a page alice has no role for
            assertTrue(chrome.open(SampleApp.url("/api/logto/user")).pageText()
                    .contains("\"isAuthenticated\":true"), chrome.pageText());
            chrome.open(SampleApp.url("/profile"));
            assertAll(
                    () -> assertEquals(alice, chrome.text("subject")),
                    () -> assertTrue(chrome.text("claims").contains("roles [\"editor\"]"), chrome.text("claims")),
                    () -> assertTrue(chrome.text("userinfo").contains("sub " + alice), chrome.text("userinfo")));
            chrome.open(SampleApp.url("/admin"));
            assertEquals("Access denied", chrome.text("problem-title"));

            // Sign out: refresh token revoked, Logto's session ended, back home anonymous
            provider.clearRequests();
            chrome.open(SampleApp.url("/")).click("sign-out");
            chrome.waitForUrl(SampleApp.url("/")).waitForText("greeting", "Welcome");
            RecordedRequest revocation = only(provider.requests("/oidc/token/revocation"));
            RecordedRequest endSession = only(provider.requests("/oidc/session/end"));
            Map<String, List<String>> end = endSession.params();
            assertAll(
                    () -> assertTrue(revocation.params().get("token").get(0).length() > 20),
                    () -> assertTrue(revocation.header("Authorization").startsWith("Basic ")),
                    () -> assertEquals(SampleApp.APP_ID, end.get("client_id").get(0)),
                    () -> assertEquals(SampleApp.url("/"), end.get("post_logout_redirect_uri").get(0)),
                    () -> assertEquals(3, end.get("id_token_hint").get(0).split("\\.").length));
            assertTrue(chrome.open(SampleApp.url("/api/logto/user")).pageText().contains("\"isAuthenticated\":false"));

            // Signing in again asks for credentials: Logto's session really ended. An admin may see /admin.
            chrome.open(SampleApp.url("/admin"));
            chrome.waitForUrl(provider.issuer()).signInAtProvider("root", "admin");
            chrome.waitForUrl(SampleApp.url("/admin"));
            assertEquals("Admin", chrome.text("admin-title"));
        }
    }

    private static RecordedRequest only(List<RecordedRequest> requests) {
        assertEquals(1, requests.size(), requests.toString());
        return requests.get(0);
    }
}
