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
 * answer 200.
 */
class DevRunIT {

    private static final String ISSUER_LINE = "Development provider (Logto-shaped) at ";

    @Test
    void aSignInWithTheDefaultsListsOrganizationsAndCallsTheirApiWithOrganizationTokens() throws Exception {
        String base = "http://127.0.0.1:" + System.getProperty("it.spare.port");
        try (DevServerProcess run = DevServerProcess.start(Map.of("LOGTO_BASE_URL", base, "LOGTO_DEV_PORT", "0"),
                List.of())) {
            String line = run.awaitLine(l -> l.startsWith(ISSUER_LINE), 60);
            String issuer = line.substring(ISSUER_LINE.length(), line.indexOf(": "));
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

                assertAll(
                        () -> assertNotEquals(3001, URI.create(issuer).getPort(), "port 0 picks a free port"),
                        () -> assertTrue(organizations.contains("org-acme manager"), organizations),
                        () -> assertTrue(organizations.contains("org-globex viewer"), organizations),
                        () -> assertTrue(acme.startsWith("200 "), acme),
                        () -> assertTrue(globex.startsWith("200 "), globex));
            }
        }
    }
}
