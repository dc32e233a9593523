package com.example.logto.api;

import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.util.Optional;

/**
 * Which of Logto's access tokens a verified JWT is. One API resource serves three kinds, all with the same
 * {@code aud}, so the audience alone does not tell them apart (docs/logto.md §3 and §5; Logto docs "Organization-level
 * API resources" and "Machine-to-machine"):
 *
 * <table>
 * <tr><th>Kind</th><th>Requested with</th><th>Tells</th><th>{@code scope} from</th></tr>
 * <tr><td>{@link #USER}</td><td>refresh grant, {@code resource=<API>}</td><td>{@code sub} = the user</td>
 *     <td>the user's global roles</td></tr>
 * <tr><td>{@link #USER_IN_ORGANIZATION}</td><td>refresh grant, {@code resource=<API>} and {@code organization_id}</td>
 *     <td>claim {@code organization_id}</td><td>the user's roles in that organization only</td></tr>
 * <tr><td>{@link #APPLICATION}</td><td>client credentials grant</td><td>{@code sub} = {@code client_id}, no user</td>
 *     <td>the application's machine-to-machine roles</td></tr>
 * </table>
 *
 * A permission held through one organization's role is no permission on the user's own data, and an application
 * is nobody's user: {@link BearerTokenFilter} keeps the kinds apart.
 */
enum TokenKind {
    USER, USER_IN_ORGANIZATION, APPLICATION;

    /** Logto's claim for a token issued in an organization's context. */
    static final String ORGANIZATION_ID = "organization_id";

    static TokenKind of(JWTClaimsSet claims) {
        if (organizationId(claims).isPresent()) {
            return USER_IN_ORGANIZATION;
        }
        String clientId = string(claims, "client_id").orElse(null);
        return clientId != null && clientId.equals(claims.getSubject()) ? APPLICATION : USER;
    }

    /** The {@code organization_id} claim; a claim that is not a string counts as present but names nothing. */
    static Optional<String> organizationId(JWTClaimsSet claims) {
        return claims.getClaim(ORGANIZATION_ID) == null ? Optional.empty()
                : Optional.of(string(claims, ORGANIZATION_ID).orElse(""));
    }

    private static Optional<String> string(JWTClaimsSet claims, String name) {
        try {
            return Optional.ofNullable(claims.getStringClaim(name));
        } catch (ParseException notAString) {
            return Optional.empty();
        }
    }
}
