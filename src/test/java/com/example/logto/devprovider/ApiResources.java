package com.example.logto.devprovider;

import com.example.logto.devprovider.ProviderExchange.OidcError;
import com.example.logto.devprovider.ProviderStore.Grant;
import com.example.logto.devprovider.ProviderStore.User;
import com.nimbusds.jose.JOSEObjectType;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Logto's API resources (RFC 8707) at the token endpoint: a refresh grant with {@code resource=<indicator>}
 * returns a JWT access token instead of the opaque one (docs/logto.md §3 and §5).
 *
 * <ul>
 *   <li>Header {@code {"alg":"ES384","typ":"at+jwt","kid":...}}; claims {@code jti}, {@code sub}, {@code iat},
 *       {@code exp}, {@code scope}, {@code client_id}, {@code iss}, {@code aud} (= the indicator, a string).</li>
 *   <li>{@code scope} holds the API scopes the user's roles permit (Logto RBAC), narrowed by the request's
 *       {@code scope} if given. Unlike Logto, the sign-in need not have asked for them: Soteria cannot
 *       (docs/logto.md §11.3).</li>
 *   <li>An unknown indicator is 400 {@code invalid_target}.</li>
 * </ul>
 */
final class ApiResources {

    /** One API: its indicator and, per Logto role name, the scopes (permissions) it grants; "*" = every user. */
    record ApiResource(String indicator, Map<String, List<String>> scopesByRole) {
    }

    /** A signed access token and the scopes it carries. */
    record Issued(String value, String scope) {
    }

    private final Map<String, ApiResource> resources;

    ApiResources(Map<String, ApiResource> resources) {
        this.resources = Map.copyOf(resources);
    }

    /** The access token for {@code indicator}, signed by {@code keys}. */
    Issued accessToken(String issuer, SigningKeys keys, Grant grant, User user, String indicator,
                       String requestedScope, Instant now, Duration ttl) {
        ApiResource resource = resources.get(indicator);
        if (resource == null) {
            throw new OidcError(400, "invalid_target", "resource indicator is missing, or unknown");
        }
        Set<String> scopes = new LinkedHashSet<>(resource.scopesByRole().getOrDefault("*", List.of()));
        user.roles().forEach(role -> scopes.addAll(resource.scopesByRole().getOrDefault(role, List.of())));
        if (requestedScope != null) {
            scopes.retainAll(Arrays.asList(requestedScope.split(" ")));
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("jti", ProviderStore.randomToken());
        claims.put("sub", user.sub());
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(ttl).getEpochSecond());
        claims.put("scope", String.join(" ", scopes));
        claims.put("client_id", grant.clientId());
        claims.put("iss", issuer);
        claims.put("aud", indicator);
        return new Issued(keys.sign(new JOSEObjectType("at+jwt"), claims), String.join(" ", scopes));
    }
}
