package com.example.logto.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.logto.devprovider.DevServerProcess;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * README command 1, {@code mvn -Prun} without a Logto tenant, as a newcomer meets it: the development provider on a
 * free port ({@code LOGTO_DEV_PORT=0}), the WAR on Payara Micro, and a sign-in that types only a user name shows
 * two organizations on {@code /organizations} whose "Call its Orders API" buttons get organization tokens and
 * answer 200, and {@code /account} links an account at the example upstream provider, calls that provider's API
 * with the token the development Logto stored, and unlinks it again.
 */
class DevRunIT {

    private static final String ISSUER_LINE = "Development provider (Logto-shaped) at ";
    private static final String UPSTREAM_LINE = "Account Center: /account links an account at the upstream provider ";

    @Test
    void aSignInWithTheDefaultsShowsOrganizationsAndTheAccountCenter() throws Exception {
        String base = "http://127.0.0.1:" + System.getProperty("it.spare.port");
        try (DevServerProcess run = DevServerProcess.start(Map.of("LOGTO_BASE_URL", base, "LOGTO_DEV_PORT", "0"),
                List.of())) {
            String line = run.awaitLine(l -> l.startsWith(ISSUER_LINE), 60);
            String issuer = line.substring(ISSUER_LINE.length(), line.indexOf(": "));
            String upstreamLine = run.awaitLine(l -> l.startsWith(UPSTREAM_LINE), 60);
            String upstream = upstreamLine.substring(UPSTREAM_LINE.length(), upstreamLine.indexOf(" ("));
            run.awaitLine(l -> l.contains(" ready in "), 240);

            try (Chrome chrome = new Chrome()) {
                chrome.open(base + "/organizations").waitForUrl(issuer + "/");
                chrome.type("username", "newcomer").click("sign-in"); // roles and organizations as the page has them
                chrome.waitForUrl(base + "/organizations");
                String organizations = chrome.text("organizations");
                chrome.click("call-organization-org-acme")
                        .waitForTextContaining("organization-result", "\"organization\":\"org-acme\"");
                String acme = chrome.text("organization-result");
                chrome.click("call-organization-org-globex")
                        .waitForTextContaining("organization-result", "\"organization\":\"org-globex\"");
                String globex = chrome.text("organization-result");

                chrome.open(base + "/account"); // the password Logto asks for is the user name here
                chrome.click("link").type("password", "newcomer").click("confirm-password").click("continue-link");
                chrome.waitForUrl(upstream).signInAtProvider("upstream-user", "");
                chrome.waitForUrl(base + "/account");
                String linked = chrome.text("account-notice");
                chrome.click("call-provider");
                String providerStatus = chrome.text("provider-status");
                chrome.click("unlink");
                String unlinked = chrome.text("account-notice");

                assertAll(
                        () -> assertNotEquals(3001, URI.create(issuer).getPort(), "port 0 picks a free port"),
                        () -> assertTrue(organizations.contains("org-acme manager"), organizations),
                        () -> assertTrue(organizations.contains("org-globex viewer"), organizations),
                        () -> assertTrue(acme.startsWith("200 "), acme),
                        () -> assertTrue(globex.startsWith("200 "), globex),
                        () -> assertTrue(linked.endsWith("account is now linked."), linked),
                        () -> assertEquals("200", providerStatus),
                        () -> assertTrue(unlinked.endsWith("account is no longer linked."), unlinked));
            }
        }
    }
}
