package com.example.logto.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.logto.devprovider.LogtoDevProvider;
import com.example.logto.devprovider.RecordedRequest;
import com.nimbusds.jwt.SignedJWT;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Logto organizations: claims, the {@code /organizations} page, organization tokens, and the organization API
 * ({@code /api/organizations/<id>/orders}), which takes only a token of that organization with the permission the
 * user's organization roles grant there (RFC 6750 answers otherwise).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OrganizationsIT {

    private final LogtoDevProvider provider = SampleApp.provider();
    private final HttpUser user = new HttpUser();

    @Deployment(testable = false)
    static WebArchive war() {
        return SampleApp.war();
    }

    @Test
    void anOrganizationTokenIsForThatOrganizationOnlyWithThePermissionsOfTheUsersRolesThere() throws Exception {
        user.signIn("zoe", "");
        provider.clearRequests();

        HttpResponse<String> response = user.get(SampleApp.url("/api/logto/user?getOrganizationToken=org-acme"));

        assertEquals(200, response.statusCode(), response.body());
        SignedJWT token = SignedJWT.parse(json(response).getString("organizationToken"));
        List<RecordedRequest> grants = organizationGrants();
        assertAll(
                () -> assertEquals(List.of("urn:logto:organization:org-acme"), token.getJWTClaimsSet().getAudience()),
                () -> assertEquals("at+jwt", token.getHeader().getType().getType()),
                () -> assertEquals("read:org-orders write:org-orders", token.getJWTClaimsSet().getStringClaim("scope")),
                () -> assertEquals(1, grants.size()),
                () -> assertEquals("org-acme", grants.get(0).params().get("organization_id").get(0)));
    }

    @Test
    void anOrganizationTheUserIsNotInIsABadRequestAndNeverReachesLogto() {
        user.signIn("abe", "");
        provider.clearRequests();

        HttpResponse<String> response = user.get(SampleApp.url("/api/logto/user?getOrganizationToken=org-acme"));

        assertAll(
                () -> assertEquals(400, response.statusCode()),
                () -> assertEquals("invalid_resource", json(response).getString("error")),
                () -> assertFalse(json(response).containsKey("organizationToken")),
                () -> assertEquals(List.of(), organizationGrants()));
    }

    @Test
    void theOrganizationsPageListsMembershipsAndRoles() {
        HttpResponse<String> page = user.follow(user.submitLogin(user.follow(user.get(SampleApp.url("/organizations"))),
                "zoe", ""));

        String body = page.body();
        assertAll(
                () -> assertEquals(SampleApp.url("/organizations"), page.uri().toString()),
                () -> assertTrue(body.contains("<th scope=\"row\">org-acme</th>"), body),
                () -> assertTrue(body.contains("manager, billing"), body),
                () -> assertTrue(body.contains("<th scope=\"row\">org-globex</th>"), body));
    }

    @Test
    void aMembersOrganizationTokenReadsThatOrganizationsOrders() {
        user.signIn("zoe", "");

        HttpResponse<String> response = call("GET", "org-acme", organizationToken("org-acme"));

        assertEquals(200, response.statusCode(), response.body());
        assertAll(
                () -> assertEquals("org-acme", json(response).getString("organization")),
                () -> assertEquals(provider.subjectFor("zoe"), json(response).getString("member")));
    }

    @Test
    void anotherOrganizationsTokenIsAnInvalidToken() {
        user.signIn("zoe", "");

        assertInvalidToken(call("GET", "org-acme", organizationToken("org-globex")));
    }

    /** The audience names the path's organization, but the {@code organization_id} claim another: refused. */
    @Test
    void aTokenNamingAnotherOrganizationIsAnInvalidToken() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", provider.subjectFor("zoe"));
        claims.put("iat", Instant.now().getEpochSecond());
        claims.put("exp", Instant.now().plusSeconds(600).getEpochSecond());
        claims.put("scope", "read:org-orders");
        claims.put("client_id", SampleApp.APP_ID);
        claims.put("iss", provider.issuer());
        claims.put("aud", "urn:logto:organization:org-acme");
        Map<String, Object> other = new LinkedHashMap<>(claims);
        other.put("organization_id", "org-globex");
        Map<String, Object> same = new LinkedHashMap<>(claims);
        same.put("organization_id", "org-acme");

        assertInvalidToken(call("GET", "org-acme", provider.sign("at+jwt", other)));
        assertEquals(200, call("GET", "org-acme", provider.sign("at+jwt", same)).statusCode());
        assertEquals(200, call("GET", "org-acme", provider.sign("at+jwt", claims)).statusCode());
    }

    @Test
    void anApiTokenAndAnOrganizationTokenAreNotInterchangeable() {
        user.signIn("zoe", "reader");
        String apiToken = json(user.get(SampleApp.url("/api/logto/user?getAccessToken=true&resource="
                + URLEncoder.encode(SampleApp.ORDERS_API, StandardCharsets.UTF_8)))).getString("accessToken");

        assertInvalidToken(call("GET", "org-acme", apiToken));
        assertInvalidToken(SampleApp.callApi("GET", "/api/orders", organizationToken("org-acme")));
    }

    @Test
    void anOrganizationRoleWithoutThePermissionIsForbidden() {
        user.signIn("zoe", "");

        HttpResponse<String> viewer = call("POST", "org-globex", organizationToken("org-globex"));
        HttpResponse<String> manager = call("POST", "org-acme", organizationToken("org-acme"));

        assertAll(
                () -> assertEquals(403, viewer.statusCode(), viewer.body()),
                () -> assertEquals("Bearer realm=\"api\", error=\"insufficient_scope\", error_description=\"The access"
                        + " token lacks a required scope\", scope=\"write:org-orders\"", challenge(viewer)),
                () -> assertEquals(201, manager.statusCode(), manager.body()));
    }

    @Test
    void noTokenIsAChallengeNotARedirectToLogto() {
        HttpResponse<String> response = call("GET", "org-acme", null);

        assertEquals(401, response.statusCode());
        assertEquals("Bearer realm=\"api\"", challenge(response));
    }

    @Test
    void theOrganizationsPageCallsTheOrganizationsApiWithAnOrganizationToken() {
        try (Chrome chrome = new Chrome()) {
            chrome.open(SampleApp.url("/organizations")).waitForUrl(provider.issuer()).signInAtProvider("zoe", "");
            chrome.waitForUrl(SampleApp.url("/organizations"));

            chrome.click("call-organization-org-acme")
                    .waitForTextContaining("organization-result", "\"organization\":\"org-acme\"");

            String result = chrome.text("organization-result");
            assertTrue(result.startsWith("200 ") && result.contains(provider.subjectFor("zoe")), result);
        }
    }

    private String organizationToken(String organizationId) {
        HttpResponse<String> response = user.get(SampleApp.url("/api/logto/user?getOrganizationToken="
                + organizationId));
        assertEquals(200, response.statusCode(), response.body());
        return json(response).getString("organizationToken");
    }

    private static HttpResponse<String> call(String method, String organizationId, String token) {
        return SampleApp.callApi(method, "/api/organizations/" + organizationId + "/orders", token);
    }

    private static void assertInvalidToken(HttpResponse<String> response) {
        assertAll(
                () -> assertEquals(401, response.statusCode(), response.body()),
                () -> assertEquals("Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The access token"
                        + " is not valid for this API\"", challenge(response)));
    }

    private static String challenge(HttpResponse<String> response) {
        return response.headers().firstValue("WWW-Authenticate").orElse("");
    }

    /** Soteria's own refreshes (15 s access tokens) go to the token endpoint too; these are ours. */
    private List<RecordedRequest> organizationGrants() {
        return provider.requests("/oidc/token").stream().filter(r -> r.params().containsKey("organization_id"))
                .toList();
    }

    private static JsonObject json(HttpResponse<String> response) {
        return Json.createReader(new StringReader(response.body())).readObject();
    }
}
