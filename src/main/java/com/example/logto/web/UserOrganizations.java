package com.example.logto.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The signed-in user's Logto organizations and organization roles, from the ID token's {@code organizations} and
 * {@code organization_roles} claims (scopes {@code urn:logto:scope:organizations} and
 * {@code urn:logto:scope:organization_roles}; docs/logto.md §2), for pages ({@code ${organizations.memberships}})
 * and security checks:
 *
 * <pre>
 * &#64;Inject UserOrganizations organizations;
 * if (!organizations.hasRole(orgId, "admin")) { response.sendError(403); return; }
 * </pre>
 *
 * The roles are those of the ID token, as fresh as its last refresh. An API checks organization permissions in an
 * organization token instead, which Logto issues from the roles at that moment
 * ({@link com.example.logto.api.OrganizationToken}).
 */
@Named("organizations")
@RequestScoped
public class UserOrganizations {

    @Inject
    private CurrentUser user;

    private Map<String, List<String>> memberships;

    /** Organization id to the user's roles in it, in the ID token's order; empty for an anonymous user. */
    public Map<String, List<String>> getMemberships() {
        if (memberships == null) {
            memberships = user.isSignedIn() ? memberships(user.claims()) : Map.of();
        }
        return memberships;
    }

    /** The memberships ID-token {@code claims} name: every organization, each with its roles. */
    static Map<String, List<String>> memberships(JsonObject claims) {
        Map<String, List<String>> memberships = new LinkedHashMap<>();
        strings(claims.get("organizations")).forEach(id -> memberships.put(id, new ArrayList<>()));
        for (String value : strings(claims.get("organization_roles"))) {
            int colon = value.indexOf(':'); // "<orgId>:<role>"; organization ids contain no colon
            if (colon > 0) {
                memberships.computeIfAbsent(value.substring(0, colon), id -> new ArrayList<>())
                        .add(value.substring(colon + 1));
            }
        }
        return memberships;
    }

    /** Whether the user holds {@code role} in organization {@code organizationId}. */
    public boolean hasRole(String organizationId, String role) {
        return getMemberships().getOrDefault(organizationId, List.of()).contains(role);
    }

    private static List<String> strings(Object claim) {
        return claim instanceof JsonArray array
                ? array.stream().filter(JsonString.class::isInstance).map(v -> ((JsonString) v).getString()).toList()
                : List.of();
    }
}
