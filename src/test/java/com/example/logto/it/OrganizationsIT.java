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
import java.net.http.HttpResponse;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Logto organizations: claims, the {@code /organizations} page and organization tokens. */
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
    void anOrganizationTokenIsForThatOrganizationOnly() throws Exception {
        user.signIn("zoe", "");
        provider.clearRequests();

        HttpResponse<String> response = user.get(SampleApp.url("/api/logto/user?getOrganizationToken=org-acme"));

        assertEquals(200, response.statusCode(), response.body());
        SignedJWT token = SignedJWT.parse(json(response).getString("organizationToken"));
        List<RecordedRequest> grants = organizationGrants();
        assertAll(
                () -> assertEquals(List.of("urn:logto:organization:org-acme"), token.getJWTClaimsSet().getAudience()),
                () -> assertEquals("at+jwt", token.getHeader().getType().getType()),
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

    /** Soteria's own refreshes (15 s access tokens) go to the token endpoint too; these are ours. */
    private List<RecordedRequest> organizationGrants() {
        return provider.requests("/oidc/token").stream().filter(r -> r.params().containsKey("organization_id"))
                .toList();
    }

    private static JsonObject json(HttpResponse<String> response) {
        return Json.createReader(new StringReader(response.body())).readObject();
    }
}
