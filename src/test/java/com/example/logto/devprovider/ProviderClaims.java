package com.example.logto.devprovider;

import com.example.logto.devprovider.ProviderStore.User;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * User claims per scope, as Logto computes them (logto {@code toolkit/core-kit/src/openid.ts} and
 * {@code core/src/oidc/scope.ts}).
 *
 * <ul>
 *   <li>{@code profile}: {@code name}, {@code picture} ({@code null} when unset, not omitted), {@code username},
 *       {@code preferred_username} (falls back to the username since v1.41.0), {@code created_at} and
 *       {@code updated_at} in epoch <em>milliseconds</em> (a Logto quirk; OIDC uses seconds).</li>
 *   <li>{@code email}: {@code email} and {@code email_verified} ({@code Boolean(primaryEmail)}).</li>
 *   <li>{@code phone}: {@code phone_number} null, {@code phone_number_verified} false (no phone here).</li>
 *   <li>{@code roles}, {@code urn:logto:scope:organizations}, {@code urn:logto:scope:organization_roles}: in the
 *       ID token too, the default {@code enabledExtendedClaims} of the tenant's idToken config.</li>
 *   <li>{@code custom_data}, {@code identities}/{@code sso_identities} and {@code organization_data}: userinfo
 *       only; {@code identities} lists the social identities linked by {@code direct_sign_in=social:<target>}.</li>
 * </ul>
 */
final class ProviderClaims {

    private static final char[] ID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    private ProviderClaims() {
    }

    /**
     * A stable 12-character {@code [0-9a-z]} id derived from the username, shaped like Logto's user ids
     * ({@code generateStandardShortId}); the same username always gets the same {@code sub}.
     */
    static String subjectFor(String username) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(username.getBytes(StandardCharsets.UTF_8));
            StringBuilder id = new StringBuilder(12);
            for (int i = 0; i < 12; i++) {
                id.append(ID_ALPHABET[(hash[i] & 0xff) % ID_ALPHABET.length]);
            }
            return id.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** The scope claims for an ID token ({@code userinfo=false}) or the userinfo response (always with sub). */
    static Map<String, Object> forScopes(User user, Collection<String> scopes, boolean userinfo) {
        Map<String, Object> claims = new LinkedHashMap<>();
        if (userinfo) {
            claims.put("sub", user.sub());
        }
        if (scopes.contains("profile")) {
            claims.put("name", user.username());
            claims.put("picture", null);
            claims.put("username", user.username());
            claims.put("preferred_username", user.username());
            claims.put("created_at", user.createdAt());
            claims.put("updated_at", user.updatedAt());
        }
        if (scopes.contains("email")) {
            claims.put("email", emailOf(user));
            claims.put("email_verified", true);
        }
        if (scopes.contains("phone")) {
            claims.put("phone_number", null);
            claims.put("phone_number_verified", false);
        }
        if (scopes.contains("roles")) {
            claims.put("roles", user.roles());
        }
        if (scopes.contains("urn:logto:scope:organizations")) {
            claims.put("organizations", List.of());
            if (userinfo) {
                claims.put("organization_data", List.of());
            }
        }
        if (scopes.contains("urn:logto:scope:organization_roles")) {
            claims.put("organization_roles", List.of());
        }
        if (userinfo && scopes.contains("custom_data")) {
            claims.put("custom_data", Map.of());
        }
        if (userinfo && scopes.contains("identities")) {
            // {<target>: {userId, details}} (logto core/src/oidc/scope.ts); details is the connector's profile
            Map<String, Object> identities = new LinkedHashMap<>();
            user.identities().forEach((target, userId) -> identities.put(target,
                    Map.of("userId", userId, "details", Map.of("id", userId, "name", user.username()))));
            claims.put("identities", identities);
            claims.put("sso_identities", List.of());
        }
        return claims;
    }

    /** {@code <username>@example.com}, or the username itself when it already is an address. */
    private static String emailOf(User user) {
        return user.username().contains("@") ? user.username() : user.username() + "@example.com";
    }
}
