package com.example.logto.devprovider;

import com.example.logto.devprovider.ProviderExchange.OidcError;
import com.example.logto.devprovider.ProviderStore.Grant;
import com.example.logto.devprovider.ProviderStore.User;
import com.nimbusds.jose.JOSEObjectType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Logto organizations (multi-tenancy) as the ID token, userinfo and the token endpoint show them
 * (docs/logto.md §2 and §3):
 *
 * <ul>
 *   <li>scope {@code urn:logto:scope:organizations}: {@code organizations} (ids) in the ID token, plus
 *       {@code organization_data} ({@code [{id,name,description}]}) from userinfo;</li>
 *   <li>scope {@code urn:logto:scope:organization_roles}: {@code organization_roles}, {@code "<orgId>:<role>"};</li>
 *   <li>the organization template: organization roles, the same in every organization, each granting organization
 *       permissions. An authorization request is granted the permissions it asks for in {@code scope} only with
 *       {@code resource=urn:logto:resource:organizations} (oidc-provider {@code combinedScope}; the SDK adds that
 *       resource with the organizations scope);</li>
 *   <li>refresh grant with {@code organization_id}: a JWT {@code typ: at+jwt} with
 *       {@code aud = urn:logto:organization:<id>} and {@code scope} = the permissions of the user's roles in that
 *       organization that the refresh token (or the request's {@code scope}) holds ({@code handleOrganizationToken});
 *       400 {@code insufficient_scope} without the organizations scope, 400 {@code access_denied} for a non-member
 *       (logto {@code grants/refresh-token.ts}).</li>
 *   <li>membership: as the builder gives it per username, or as chosen at sign-in on the login page's
 *       "Organizations" field ({@link OrganizationsField}), which stands in for the Console.</li>
 * </ul>
 */
final class ProviderOrganizations {

    static final String SCOPE = "urn:logto:scope:organizations";
    static final String ROLES_SCOPE = "urn:logto:scope:organization_roles";
    static final String RESOURCE = "urn:logto:resource:organizations";

    /** An organization: its id, name and, per username, the member's organization roles. */
    record Organization(String id, String name, Map<String, List<String>> rolesByUsername) {
    }

    private final Map<String, Organization> organizations;
    private final Map<String, List<String>> permissionsByRole;
    private final OrganizationsField field;

    /** {@code signInDefault}: the login page's "Organizations" field and its default, or null for no such field. */
    ProviderOrganizations(Map<String, Organization> organizations, Map<String, List<String>> permissionsByRole,
                          String signInDefault) {
        // The builder's order: the login page lists organizations and roles in it.
        this.organizations = Collections.unmodifiableMap(new LinkedHashMap<>(organizations));
        this.permissionsByRole = Collections.unmodifiableMap(new LinkedHashMap<>(permissionsByRole));
        this.field = signInDefault == null ? null
                : new OrganizationsField(signInDefault, this.organizations, this.permissionsByRole);
    }

    /** The login page's "Organizations" field, if the provider has one. */
    Optional<OrganizationsField> field() {
        return Optional.ofNullable(field);
    }

    /** Whether {@code scope} is a permission of the organization template. */
    boolean isPermission(String scope) {
        return permissionsByRole.values().stream().anyMatch(p -> p.contains(scope));
    }

    /** Replaces the empty organization claims of {@link ProviderClaims} with the user's memberships. */
    void addClaims(Map<String, Object> claims, User user, List<String> scopes, boolean userinfo) {
        List<Organization> member = organizations.values().stream().filter(o -> rolesIn(o, user) != null).toList();
        if (scopes.contains(SCOPE)) {
            claims.put("organizations", member.stream().map(Organization::id).toList());
            if (userinfo) {
                claims.put("organization_data", member.stream().map(o -> Map.of("id", o.id(), "name", o.name(),
                        "description", "")).toList());
            }
        }
        if (scopes.contains(ROLES_SCOPE)) {
            List<String> roles = new ArrayList<>();
            member.forEach(o -> rolesIn(o, user).forEach(r -> roles.add(o.id() + ":" + r)));
            claims.put("organization_roles", roles);
        }
    }

    /** The organization token for {@code organizationId}; {@code scopes} are the refresh token's or the request's. */
    ApiResources.Issued accessToken(String issuer, SigningKeys keys, Grant grant, User user, List<String> grantedScopes,
                       List<String> scopes, String organizationId, Instant now, Duration ttl) {
        if (!grantedScopes.contains(SCOPE)) {
            throw new OidcError(400, "insufficient_scope", "refresh token missing required scope");
        }
        Organization organization = organizations.get(organizationId);
        List<String> roles = organization == null ? null : rolesIn(organization, user);
        if (roles == null) {
            throw new OidcError(400, "access_denied", "user is not a member of the organization");
        }
        Set<String> permissions = new LinkedHashSet<>();
        roles.forEach(role -> permissions.addAll(permissionsByRole.getOrDefault(role, List.of())));
        permissions.retainAll(scopes);
        String scope = String.join(" ", permissions);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("jti", ProviderStore.randomToken());
        claims.put("sub", user.sub());
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(ttl).getEpochSecond());
        claims.put("scope", scope);
        claims.put("client_id", grant.clientId());
        claims.put("iss", issuer);
        claims.put("aud", "urn:logto:organization:" + organizationId);
        return new ApiResources.Issued(keys.sign(new JOSEObjectType("at+jwt"), claims), scope);
    }

    /**
     * The user's roles in {@code organization}, or null for a non-member: the memberships chosen on the login page
     * come first, then those the builder gave the username.
     */
    private static List<String> rolesIn(Organization organization, User user) {
        List<String> chosen = user.organizationRoles().get(organization.id());
        return chosen != null ? chosen : organization.rolesByUsername().get(user.username());
    }
}
