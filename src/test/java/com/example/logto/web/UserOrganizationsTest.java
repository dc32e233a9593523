package com.example.logto.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Organization memberships and roles, read from the ID token's claims as Logto shapes them (docs/logto.md §2). */
class UserOrganizationsTest {

    @Test
    void rolesGoToTheirOrganizationAndOrganizationsWithoutRolesAreListed() {
        assertEquals(Map.of("org-a", List.of("manager", "billing"), "org-b", List.of()),
                UserOrganizations.memberships(Json.createReader(new StringReader("{\"organizations\":[\"org-a\","
                        + "\"org-b\"],\"organization_roles\":[\"org-a:manager\",\"org-a:billing\"]}")).readObject()));
    }

    @Test
    void noOrganizationClaimsMeanNoMembershipsAndMalformedRolesAreIgnored() {
        assertEquals(Map.of(), UserOrganizations.memberships(Json.createObjectBuilder().build()));
        assertEquals(Map.of("org-a", List.of("role:with:colons")), UserOrganizations.memberships(Json.createReader(
                new StringReader("{\"organization_roles\":[\"no-colon\",\":no-org\",\"org-a:role:with:colons\",7]}"))
                .readObject()));
    }
}
