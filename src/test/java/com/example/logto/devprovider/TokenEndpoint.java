package com.example.logto.devprovider;

import com.example.logto.devprovider.ProviderExchange.OidcError;
import com.example.logto.devprovider.ProviderStore.AuthorizationCode;
import com.example.logto.devprovider.ProviderStore.Grant;
import com.example.logto.devprovider.ProviderStore.Token;
import com.example.logto.devprovider.ProviderStore.User;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The back-channel endpoints: {@code /oidc/token}, {@code /oidc/token/revocation},
 * {@code /oidc/token/introspection} and userinfo {@code /oidc/me}.
 *
 * <ul>
 *   <li>Client authentication as {@link ClientAuthentication} describes.</li>
 *   <li>Authorization code: 60 s, single use, bound to client, {@code redirect_uri} (exact string) and the
 *       PKCE challenge if one was sent. A replay revokes the grant and every token issued from it
 *       ({@code grant_common.js} {@code consumeGrantSource}; RFC 6749 4.1.2).</li>
 *   <li>Refresh token only when {@code offline_access} was granted (logto {@code init.ts} {@code issueRefreshToken}).
 *       A refresh echoes the same refresh token: confidential clients rotate only after 70 % of its 14-day TTL
 *       ({@code rotateRefreshToken}), and the refreshed ID token keeps the original {@code nonce}.
 *       {@link LogtoDevProvider#rotateRefreshTokens()} plays that later time: each refresh returns a new refresh
 *       token, and the replaced one, used again more than 3 s later, revokes the grant.</li>
 *   <li>Access tokens are opaque (43 chars, no dots) and work at {@code /oidc/me}.</li>
 *   <li>Revoking a refresh or an access token revokes its whole grant (oidc-provider v9 {@code revocation.js},
 *       Logto v1.42.0); unknown tokens still get 200 (RFC 7009).</li>
 * </ul>
 */
final class TokenEndpoint {

    private static final Pattern PKCE_CHARS = Pattern.compile("[A-Za-z0-9._~-]*");
    private static final Set<String> NOT_ALLOWED_GRANTS = Set.of("client_credentials",
            "urn:ietf:params:oauth:grant-type:device_code", "urn:ietf:params:oauth:grant-type:token-exchange");

    private final String issuer;
    private final ClientAuthentication clientAuth;
    private final ProviderStore store;
    private final SigningKeys keys;
    private final Duration accessTokenTtl;
    private final Duration idTokenTtl;
    private final Supplier<Fault> fault;
    private final ApiResources apiResources;
    private final BackChannelLogout backChannel;
    private final ProviderOrganizations organizations;

    TokenEndpoint(String issuer, Function<String, RegisteredClient> clients, ProviderStore store, SigningKeys keys,
                  Duration accessTokenTtl, Duration idTokenTtl, Supplier<Fault> fault, ApiResources apiResources,
                  BackChannelLogout backChannel, ProviderOrganizations organizations) {
        this.fault = fault;
        this.organizations = organizations;
        this.apiResources = apiResources;
        this.backChannel = backChannel;
        this.issuer = issuer;
        this.clientAuth = new ClientAuthentication(issuer, clients);
        this.store = store;
        this.keys = keys;
        this.accessTokenTtl = accessTokenTtl;
        this.idTokenTtl = idTokenTtl;
    }

    void token(ProviderExchange ex) throws IOException {
        ex.noStore();
        if (fault.get() == Fault.TOKEN_ENDPOINT_BASIC_ONLY && ex.header("Authorization") == null) {
            throw new OidcError(401, "invalid_client", "client authentication failed");
        }
        RegisteredClient client = clientAuth.authenticate(ex);
        String grantType = ex.param("grant_type");
        if (grantType == null) {
            throw OidcError.missing("grant_type");
        }
        switch (grantType) {
            case "authorization_code" -> ex.json(200, authorizationCode(ex, client));
            case "refresh_token" -> ex.json(200, refreshToken(ex, client));
            default -> throw NOT_ALLOWED_GRANTS.contains(grantType)
                    ? new OidcError(400, "unauthorized_client", "requested grant type is not allowed for this client")
                    : new OidcError(400, "unsupported_grant_type", "unsupported grant_type requested");
        }
    }

    private Map<String, Object> authorizationCode(ProviderExchange ex, RegisteredClient client) {
        String value = Optional.ofNullable(ex.param("code")).orElseThrow(() -> OidcError.missing("code"));
        String redirectUri = Optional.ofNullable(ex.param("redirect_uri")).or(client::soleRedirectUri)
                .orElseThrow(() -> OidcError.missing("redirect_uri"));
        String verifier = ex.param("code_verifier");
        if (verifier != null) {
            checkPkceFormat(verifier, "code_verifier");
        }
        AuthorizationCode code = store.code(value).filter(c -> c.clientId().equals(client.clientId()))
                .orElseThrow(OidcError::invalidGrant);
        Grant grant = store.grant(code.grantId()).orElseThrow(OidcError::invalidGrant);
        if ((verifier != null || code.codeChallenge() != null)
                && (verifier == null || code.codeChallenge() == null || !constantEquals(code.codeChallenge(), s256(verifier)))) {
            throw OidcError.invalidGrant();
        }
        if (!code.redirectUri().equals(redirectUri)) {
            throw OidcError.invalidGrant();
        }
        if (!code.consumed().compareAndSet(false, true)) {
            store.revokeGrant(grant.id());
            throw OidcError.invalidGrant();
        }
        User user = store.user(grant.sub()).orElseThrow(OidcError::invalidGrant);
        String refreshToken = grant.scopes().contains("offline_access") ? store.issueRefreshToken(grant).value() : null;
        return tokenResponse(grant, user, grant.scopes(), refreshToken);
    }

    private Map<String, Object> refreshToken(ProviderExchange ex, RegisteredClient client) {
        String value = Optional.ofNullable(ex.param("refresh_token"))
                .orElseThrow(() -> OidcError.missing("refresh_token"));
        if (fault.get() == Fault.REFRESH_REJECTED) {
            throw OidcError.invalidGrant();
        }
        Token refresh = store.refreshToken(value).filter(t -> t.clientId().equals(client.clientId()))
                .orElseThrow(OidcError::invalidGrant);
        Grant grant = store.grant(refresh.grantId()).orElseThrow(OidcError::invalidGrant);
        User user = store.user(grant.sub()).orElseThrow(OidcError::invalidGrant);
        List<String> scopes = refresh.scopes();
        String requested = ex.param("scope");
        String resource = ex.param("resource");
        String organization = ex.param("organization_id");
        if (organization != null) {
            ApiResources.Issued token = organizations.accessToken(issuer, keys, grant, user, scopes,
                    requested == null ? scopes : Arrays.asList(requested.split(" ")), organization, store.now(),
                    accessTokenTtl);
            Map<String, Object> body = tokenResponse(grant, user, scopes, store.nextRefreshToken(refresh).value());
            body.put("access_token", token.value());
            body.put("scope", token.scope());
            return body;
        }
        if (resource != null) {
            ApiResources.Issued token = apiResources.accessToken(issuer, keys, grant, user, resource, requested,
                    store.now(), accessTokenTtl);
            Map<String, Object> body = tokenResponse(grant, user, scopes, store.nextRefreshToken(refresh).value());
            body.put("access_token", token.value());
            body.put("scope", token.scope());
            return body;
        }
        if (requested != null) {
            List<String> narrowed = Arrays.stream(requested.split(" ")).filter(s -> !s.isEmpty()).distinct().toList();
            List<String> missing = narrowed.stream().filter(s -> !refresh.scopes().contains(s)).toList();
            if (!missing.isEmpty()) {
                throw new OidcError(400, "invalid_scope", "refresh token missing requested scope");
            }
            scopes = narrowed;
        }
        return tokenResponse(grant, user, scopes, store.nextRefreshToken(refresh).value());
    }

    /** The opaque access token and the response carry the OIDC scopes only ({@code getOIDCScopeFiltered}). */
    private Map<String, Object> tokenResponse(Grant grant, User user, List<String> granted, String refreshToken) {
        List<String> scopes = granted.stream().filter(LogtoDevProvider.SCOPES_SUPPORTED::contains).toList();
        Token access = store.issueAccessToken(grant, scopes, accessTokenTtl);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", access.value());
        body.put("expires_in", accessTokenTtl.toSeconds());
        if (scopes.contains("openid")) {
            body.put("id_token", idToken(grant, user, scopes));
        }
        if (refreshToken != null) {
            body.put("refresh_token", refreshToken);
        }
        body.put("scope", String.join(" ", scopes));
        body.put("token_type", "Bearer");
        return body;
    }

    /** ES384, header {@code alg}+{@code kid} only; {@code aud} is the client_id as a plain string. */
    private String idToken(Grant grant, User user, List<String> scopes) {
        Instant now = store.now();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", user.sub());
        claims.putAll(ProviderClaims.forScopes(user, scopes, false));
        organizations.addClaims(claims, user, scopes, false);
        if (grant.nonce() != null) {
            claims.put("nonce", grant.nonce());
        }
        if (backChannel.sessionRequired(grant.clientId())) {
            claims.put("sid", grant.sessionId());
        }
        if (grant.includeAuthTime()) {
            claims.put("auth_time", grant.authTime().getEpochSecond());
        }
        claims.put("aud", grant.clientId());
        claims.put("exp", now.plus(idTokenTtl).getEpochSecond());
        claims.put("iat", now.getEpochSecond());
        claims.put("iss", issuer);
        Fault active = fault.get();
        if (active != null) {
            switch (active) {
                case ID_TOKEN_WRONG_AUDIENCE -> claims.put("aud", "another-app");
                case ID_TOKEN_WRONG_ISSUER -> claims.put("iss", "https://evil.example/oidc");
                case ID_TOKEN_WITHOUT_IAT -> claims.remove("iat");
                case ID_TOKEN_EXPIRED -> {
                    claims.put("iat", now.minusSeconds(4200).getEpochSecond());
                    claims.put("exp", now.minusSeconds(600).getEpochSecond());
                }
                case ID_TOKEN_WITHOUT_SUB -> claims.remove("sub");
                case ID_TOKEN_ANOTHER_SUBJECT -> claims.put("sub", "another-" + user.sub());
                case ID_TOKEN_WRONG_NONCE -> claims.put("nonce", "not-the-nonce-you-sent");
                case ID_TOKEN_WITHOUT_ROLES -> claims.remove("roles");
                default -> { }
            }
        }
        return keys.sign(claims, active);
    }

    /** {@code GET|POST /oidc/me} with {@code Authorization: Bearer} (or a form {@code access_token}). */
    void userinfo(ProviderExchange ex) throws IOException {
        ex.noStore();
        String authorization = ex.header("Authorization");
        String fromHeader = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
        String fromBody = ex.method().equals("POST") ? ex.param("access_token") : null;
        try {
            if (fromHeader != null && fromBody != null) {
                throw OidcError.invalidRequest("access token must only be provided using one mechanism");
            }
            String value = fromHeader != null ? fromHeader : fromBody;
            if (value == null || value.isEmpty()) {
                ex.setHeader("WWW-Authenticate", "Bearer realm=\"" + issuer + "\"");
                throw OidcError.invalidRequest("no access token provided");
            }
            Token token = store.accessToken(value).orElseThrow(TokenEndpoint::invalidToken);
            if (!token.scopes().contains("openid")) {
                throw new OidcError(403, "insufficient_scope", "access token missing openid scope");
            }
            User user = store.user(token.sub()).orElseThrow(TokenEndpoint::invalidToken);
            Map<String, Object> claims = new LinkedHashMap<>(ProviderClaims.forScopes(user, token.scopes(), true));
            organizations.addClaims(claims, user, token.scopes(), true);
            if (fault.get() == Fault.USERINFO_WRONG_SUB) {
                claims.put("sub", "someone-else");
            }
            ex.json(200, claims);
        } catch (OidcError e) {
            if (e.status == 401) {
                ex.setHeader("WWW-Authenticate", "Bearer realm=\"" + issuer + "\", error=\"" + e.error
                        + "\", error_description=\"" + e.description + "\"");
            }
            throw e;
        }
    }

    /** {@code POST /oidc/token/revocation} (RFC 7009). */
    void revoke(ProviderExchange ex) throws IOException {
        RegisteredClient client = clientAuth.authenticate(ex);
        String value = Optional.ofNullable(ex.param("token")).orElseThrow(() -> OidcError.missing("token"));
        store.refreshToken(value).or(() -> store.accessToken(value))
                .filter(t -> t.clientId().equals(client.clientId()))
                .ifPresent(t -> store.revokeGrant(t.grantId()));
        ex.empty(200);
    }

    /** {@code POST /oidc/token/introspection} (RFC 7662), for tokens of the authenticated client. */
    void introspect(ProviderExchange ex) throws IOException {
        ex.noStore();
        RegisteredClient client = clientAuth.authenticate(ex);
        String value = Optional.ofNullable(ex.param("token")).orElseThrow(() -> OidcError.missing("token"));
        Optional<Token> access = store.accessToken(value);
        Optional<Token> token = access.or(() -> store.refreshToken(value))
                .filter(t -> t.clientId().equals(client.clientId()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("active", token.isPresent());
        token.ifPresent(t -> {
            body.put("client_id", t.clientId());
            body.put("exp", t.expiresAt().getEpochSecond());
            body.put("iat", t.issuedAt().getEpochSecond());
            body.put("iss", issuer);
            body.put("scope", String.join(" ", t.scopes()));
            body.put("sub", t.sub());
            if (access.isPresent()) {
                body.put("token_type", "Bearer");
            }
        });
        ex.json(200, body);
    }

    /** oidc-provider {@code helpers/pkce_format.js}: 43 to 128 characters of {@code [A-Za-z0-9._~-]}. */
    static void checkPkceFormat(String value, String param) {
        if (value.length() < 43) {
            throw OidcError.invalidRequest(param + " must be a string with a minimum length of 43 characters");
        }
        if (value.length() > 128) {
            throw OidcError.invalidRequest(param + " must be a string with a maximum length of 128 characters");
        }
        if (!PKCE_CHARS.matcher(value).matches()) {
            throw OidcError.invalidRequest(param + " contains invalid characters");
        }
    }

    private static OidcError invalidToken() {
        return new OidcError(401, "invalid_token", "invalid token provided");
    }

    private static String s256(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static boolean constantEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
