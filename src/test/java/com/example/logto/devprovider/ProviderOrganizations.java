package com.example.logto.devprovider;

import com.example.logto.devprovider.ProviderExchange.OidcError;
import com.example.logto.devprovider.ProviderStore.Grant;
import com.example.logto.devprovider.ProviderStore.User;
import com.nimbusds.jose.JOSEObjectType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Logto organizations (multi-tenancy) as the ID token, userinfo and the token endpoint show them
 * (logto-oidc.md 2 and 3):
 *
 * <ul>
 *   <li>scope {@code urn:logto:scope:organizations}: {@code organizations} (ids) in the ID token, plus
 *       {@code organization_data} ({@code [{id,name,description}]}) from userinfo;</li>
 *   <li>scope {@code urn:logto:scope:organization_roles}: {@code organization_roles}, {@code "<orgId>:<role>"};</li>
 *   <li>refresh grant with {@code organization_id}: a JWT {@code typ: at+jwt} with
 *       {@code aud = urn:logto:organization:<id>}; 400 {@code insufficient_scope} without the organizations scope,
 *       400 {@code access_denied} for a non-member (logto {@code grants/refresh-token.ts}).</li>
 * </ul>
 */
final class ProviderOrganizations {

    static final String SCOPE = "urn:logto:scope:organizations";
    static final String ROLES_SCOPE = "urn:logto:scope:organization_roles";

    /** An organization: its id, name and, per username, the member's organization roles. */
    record Organization(String id, String name, Map<String, List<String>> rolesByUsername) {
    }

    private final Map<String, Organization> organizations;

    ProviderOrganizations(Map<String, Organization> organizations) {
        this.organizations = Map.copyOf(organizations);
    }

    /** Replaces the empty organization claims of {@link ProviderClaims} with the user's memberships. */
    void addClaims(Map<String, Object> claims, User user, List<String> scopes, boolean userinfo) {
        List<Organization> member = organizations.values().stream()
                .filter(o -> o.rolesByUsername().containsKey(user.username())).toList();
        if (scopes.contains(SCOPE)) {
            claims.put("organizations", member.stream().map(Organization::id).toList());
            if (userinfo) {
                claims.put("organization_data", member.stream().map(o -> Map.of("id", o.id(), "name", o.name(),
                        "description", "")).toList());
            }
        }
        if (scopes.contains(ROLES_SCOPE)) {
            List<String> roles = new ArrayList<>();
            member.forEach(o -> o.rolesByUsername().get(user.username()).forEach(r -> roles.add(o.id() + ":" + r)));
            claims.put("organization_roles", roles);
        }
    }

    /** The organization token for {@code organizationId}. */
    String accessToken(String issuer, SigningKeys keys, Grant grant, User user, List<String> grantedScopes,
                       String organizationId, Instant now, Duration ttl) {
        if (!grantedScopes.contains(SCOPE)) {
            throw new OidcError(400, "insufficient_scope", "refresh token missing required scope");
        }
        Organization organization = organizations.get(organizationId);
        if (organization == null || !organization.rolesByUsername().containsKey(user.username())) {
            throw new OidcError(400, "access_denied", "user is not a member of the organization");
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("jti", ProviderStore.randomToken());
        claims.put("sub", user.sub());
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(ttl).getEpochSecond());
        claims.put("scope", "");
        claims.put("client_id", grant.clientId());
        claims.put("iss", issuer);
        claims.put("aud", "urn:logto:organization:" + organizationId);
        return keys.sign(new JOSEObjectType("at+jwt"), claims);
    }
}
