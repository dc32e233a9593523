package com.example.logto.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.logto.devprovider.LogtoDevProvider;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Account Center: {@code /account} links an account at an upstream provider through Logto's Account API,
 * calls the provider's API with the token Logto stored, unlinks, and explains every refusal. The connector is
 * offered for linking only ({@code logto.oidc-connector-sign-in=false}), so the home page has no "Continue with".
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AccountCenterIT {

    private static final String CONFIG = "/WEB-INF/classes/META-INF/microprofile-config.properties";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final LogtoDevProvider provider = SampleApp.provider();
    private final LogtoDevProvider upstream = SampleApp.upstream();

    @Deployment(testable = false)
    static WebArchive war() {
        WebArchive war = SampleApp.war();
        war.delete(CONFIG);
        return war.add(new StringAsset("logto.scopes=email roles\n"
                + "logto.oidc-connector-target=" + SampleApp.CONNECTOR_TARGET + "\n"
                + "logto.oidc-connector-name=Acme SSO\n"
                + "logto.oidc-connector-id=" + SampleApp.CONNECTOR_ID + "\n"
                + "logto.oidc-connector-sign-in=false\n"
                + "logto.oidc-connector-api-url=" + SampleApp.upstream().issuer() + "/me\n"), CONFIG);
    }

    @Test
    void aUserLinksCallsTheProviderApiAndUnlinksInTheBrowser() {
        try (Chrome chrome = new Chrome()) {
            chrome.open(SampleApp.url("/account")).waitForUrl(provider.issuer()).signInAtProvider("lena", "");
            chrome.waitForUrl(SampleApp.url("/account"));
            assertTrue(chrome.has("no-identities"), chrome.pageText());

            chrome.click("link").type("password", "lena").click("confirm-password").click("continue-link");
            chrome.waitForUrl(upstream.issuer()).signInAtProvider("ute", "");
            chrome.waitForUrl(SampleApp.url("/account"));
            assertAll(
                    () -> assertEquals("Your Acme SSO account is now linked.", chrome.text("account-notice")),
                    () -> assertTrue(chrome.text("identity-acme-sso").contains(upstream.subjectFor("ute")),
                            chrome.pageText()));

            upstream.clearRequests();
            chrome.click("call-provider");
            String status = chrome.text("provider-status"); // waits for the answer page
            String vaultToken = upstream.requests("/oidc/me").get(0).header("Authorization").substring("Bearer ".length());
            assertAll(
                    () -> assertEquals("200", status),
                    () -> assertTrue(chrome.text("provider-body").contains("\"sub\":\"" + upstream.subjectFor("ute")),
                            chrome.text("provider-body")),
                    () -> assertFalse(chrome.pageSource().contains(vaultToken),
                            "the provider's token from the Secret Vault stays on the server"));

            chrome.click("unlink"); // the password confirmation still holds: no second prompt
            assertEquals("Your Acme SSO account is no longer linked.", chrome.text("account-notice"));
            assertTrue(chrome.has("no-identities"));
            chrome.open(SampleApp.url("/"));
            assertFalse(chrome.has("continue-with"), "a linking-only connector is not offered for sign-in");
        }
    }

    @Test
    void forgedReplayedAndSessionLessLinkCallbacksGet400AndChangeNothing() {
        HttpResponse<String> sessionLess = new HttpUser().get(SampleApp.LINK_CALLBACK + "?code=c&state=s");
        HttpUser user = signedIn("mira");
        stepUp(user, "mira");
        String authorization = continueUri(action(user, "link"));
        String state = query(authorization, "state");

        HttpResponse<String> forged = user.get(SampleApp.LINK_CALLBACK + "?code=c&state=not-" + state);
        HttpResponse<String> linked = finishAtUpstream(user, authorization, "uma");
        HttpResponse<String> replayed = user.get(linked.request().uri().toString());
        assertAll(
                () -> assertRefused(sessionLess, 400, "No link in progress"),
                () -> assertRefused(forged, 400, "This answer is not for your link"),
                () -> assertEquals(SampleApp.url("/account"), HttpUser.location(linked), "the real answer still links"),
                () -> assertRefused(replayed, 400, "No link in progress"),
                () -> assertTrue(account(user).contains(upstream.subjectFor("uma"))));
    }

    @Test
    void cancellingAtTheProviderLinksNothing() {
        HttpUser user = signedIn("nils");
        stepUp(user, "nils");
        String state = query(continueUri(action(user, "link")), "state");

        assertRefused(user.get(SampleApp.LINK_CALLBACK + "?error=access_denied&state=" + state), 400,
                "Linking was cancelled");
        assertTrue(account(user).contains("id=\"no-identities\""));
    }

    @Test
    void anAccountLinkedToAnotherUserOrASecondAccountIsRefused() {
        HttpUser first = signedIn("olga");
        stepUp(first, "olga");
        finishAtUpstream(first, continueUri(action(first, "link")), "shared-upstream");
        HttpUser second = signedIn("otto");
        stepUp(second, "otto");

        assertRefused(finishAtUpstream(second, continueUri(action(second, "link")), "shared-upstream"), 409,
                "That account belongs to another user");
        assertTrue(account(second).contains("id=\"no-identities\""));
        // a second account of the same provider for the first user: Logto 1.37 answers 400 (no replace before 1.40)
        assertRefused(finishAtUpstream(first, continueUri(action(first, "link")), "shared-upstream"), 409,
                "Already linked");
    }

    @Test
    void anExpiredConfirmationIsAskedForAgain() {
        HttpUser user = signedIn("sven");
        stepUp(user, "sven");
        String authorization = continueUri(action(user, "link"));
        provider.expireVerificationRecords(); // Logto's 10 minutes have passed

        assertRefused(finishAtUpstream(user, authorization, "sepp"), 409, "Your confirmation has expired");
        HttpResponse<String> linkAgain = action(user, "link");
        assertTrue(linkAgain.body().contains("id=\"continue-link\""), "the app's record still looks valid");
        stepUp(user, "sven");
        finishAtUpstream(user, continueUri(action(user, "link")), "sepp");
        provider.expireVerificationRecords();

        HttpResponse<String> unlink = action(user, "unlink");
        assertAll(
                () -> assertEquals(200, unlink.statusCode()),
                () -> assertTrue(unlink.body().contains("id=\"password-step\""), "Logto refused the record: the "
                        + "password is asked again"),
                () -> assertTrue(account(user).contains(upstream.subjectFor("sepp")), "still linked"));
    }

    @Test
    void theOnlySignInMethodIsNotUnlinked() {
        HttpUser user = new HttpUser(); // signs up through the connector: no password, the identity is all it has
        user.follow(user.submitLogin(user.follow(user.get(SampleApp.url(
                "/api/logto/sign-in?direct_sign_in=social:acme-sso&returnTo=/account"))), "account-social-only", ""));

        assertRefused(action(user, "unlink"), 409, "This is your only way to sign in");
        assertTrue(account(user).contains("id=\"identity-acme-sso\""));
    }

    @Test
    void formsWithoutTheSessionsTokenAndWrongPasswordsAreRefused() {
        HttpUser user = signedIn("quinn");
        Matcher csrf = CSRF.matcher(account(user));
        assertTrue(csrf.find());

        assertRefused(user.post(SampleApp.url("/account"), Map.of("action", "link", "csrf", "forged")), 403,
                "The request was not confirmed");
        assertRefused(user.post(SampleApp.url("/account"), Map.of("action", "password", "then", "link",
                "password", "not-quinns", "csrf", csrf.group(1))), 422, "Wrong password");
        assertTrue(account(user).contains("id=\"link\""), "still unlinked, asked again on the next link");
    }

    @Test
    void storedTokenProblemsAndLogtoSettingsAreExplained() {
        HttpUser user = signedIn("rhea");
        stepUp(user, "rhea");
        finishAtUpstream(user, continueUri(action(user, "link")), "rolf");

        provider.expireStoredProviderToken("rhea", SampleApp.CONNECTOR_TARGET, false);
        assertRefused(action(user, "call"), 409, "The Acme SSO token has expired");
        assertRefused(action(user, "call"), 404, "No Acme SSO token stored");
        try {
            provider.accountCenter(true, Map.of("social", "ReadOnly", "password", "ReadOnly"));
            assertRefused(action(user, "unlink"), 409, "Linking is not allowed in Logto");
            provider.accountCenter(false, Map.of("social", "Edit", "password", "ReadOnly"));
            assertRefused(user.get(SampleApp.url("/account")), 409, "The Account Center is off in Logto");
            provider.misbehave(com.example.logto.devprovider.Fault.DOWN);
            assertRefused(user.get(SampleApp.url("/account")), 503, "Logto cannot be reached");
        } finally {
            provider.reset();
            provider.accountCenter(true, Map.of("social", "Edit", "password", "ReadOnly"));
        }
        assertTrue(account(user).contains(upstream.subjectFor("rolf")), "the identity is still linked");
    }

    // ---- helpers ----

    private static HttpUser signedIn(String username) {
        HttpUser user = new HttpUser();
        HttpResponse<String> page = user.follow(user.submitLogin(user.follow(user.get(SampleApp.url("/account"))),
                username, ""));
        assertEquals(200, page.statusCode(), page.body());
        return user;
    }

    private static String account(HttpUser user) {
        HttpResponse<String> page = user.get(SampleApp.url("/account"));
        assertEquals(200, page.statusCode(), page.body());
        return page.body();
    }

    private static HttpResponse<String> action(HttpUser user, String action) {
        Matcher csrf = CSRF.matcher(account(user));
        assertTrue(csrf.find());
        return user.post(SampleApp.url("/account"), Map.of("action", action, "csrf", csrf.group(1)));
    }

    private static void stepUp(HttpUser user, String password) {
        Matcher csrf = CSRF.matcher(account(user));
        assertTrue(csrf.find());
        HttpResponse<String> done = user.post(SampleApp.url("/account"), Map.of("action", "password",
                "password", password, "csrf", csrf.group(1)));
        assertEquals(303, done.statusCode(), done.body());
    }

    /** Signs in at the upstream provider (form shown once per HttpUser) and returns the app's answer, unfollowed. */
    private static HttpResponse<String> finishAtUpstream(HttpUser user, String authorization, String upstreamUser) {
        HttpResponse<String> page = user.get(authorization);
        HttpResponse<String> toApp = page.statusCode() == 200 ? user.submitLogin(page, upstreamUser, "") : page;
        assertTrue(HttpUser.location(toApp).startsWith(SampleApp.LINK_CALLBACK), HttpUser.location(toApp));
        return user.get(HttpUser.location(toApp));
    }

    /** The page's "Continue to" link to the provider, where the link goes on. */
    private static String continueUri(HttpResponse<String> page) {
        Matcher href = Pattern.compile("id=\"continue-link\" class=\"button\" href=\"([^\"]+)\"").matcher(page.body());
        assertTrue(href.find(), page.body());
        return href.group(1).replace("&amp;", "&").replace("&#038;", "&");
    }

    private static String query(String url, String name) {
        Matcher value = Pattern.compile("[?&]" + name + "=([^&]+)").matcher(url);
        assertTrue(value.find(), url);
        return java.net.URLDecoder.decode(value.group(1), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void assertRefused(HttpResponse<String> response, int status, String title) {
        assertAll(title,
                () -> assertEquals(status, response.statusCode(), response.body()),
                () -> assertTrue(response.body().contains("<h1 id=\"problem-title\">" + title + "</h1>"),
                        response.body()),
                () -> assertTrue(response.body().contains("id=\"problem-next\""), "says what to do next"),
                () -> assertFalse(response.body().contains("Exception"), "no stack trace"));
    }
}
