package com.example.logto.devprovider;

import com.example.logto.devprovider.ProviderExchange.OidcError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Maps the paths Logto serves under its issuer to the endpoints, and serves the two static documents:
 * discovery ({@code /.well-known/openid-configuration}, and since v1.42 also
 * {@code /.well-known/oauth-authorization-server}) and the JWKS. Unknown paths get a JSON 404, a known path with
 * the wrong method a JSON 405.
 */
final class ProviderRoutes {

    private static final String OIDC = "/oidc";
    private static final String INTERACTION = OIDC + "/interaction/";

    private final String issuer;
    private final SigningKeys keys;
    private final AuthorizationEndpoint authorization;
    private final TokenEndpoint tokens;
    private final EndSessionEndpoint endSession;
    private final Supplier<Fault> fault;
    private final Supplier<List<String>> signingAlgorithms;

    ProviderRoutes(String issuer, Function<String, RegisteredClient> clients, ProviderStore store, SigningKeys keys,
                   Duration accessTokenTtl, Duration idTokenTtl, Supplier<Fault> fault,
                   Supplier<List<String>> signingAlgorithms, ApiResources apiResources,
                   BackChannelLogout backChannel, ProviderOrganizations organizations) {
        this.issuer = issuer;
        this.keys = keys;
        this.fault = fault;
        this.signingAlgorithms = signingAlgorithms;
        this.authorization = new AuthorizationEndpoint(issuer, clients, store, organizations);
        this.tokens = new TokenEndpoint(issuer, clients, store, keys, accessTokenTtl, idTokenTtl, fault, apiResources,
                backChannel, organizations);
        this.endSession = new EndSessionEndpoint(issuer, clients, store, keys, backChannel);
    }

    void dispatch(ProviderExchange ex) throws IOException {
        String path = ex.path();
        String method = ex.method();
        if (path.startsWith(INTERACTION) && path.length() > INTERACTION.length()
                && path.indexOf('/', INTERACTION.length()) < 0) {
            String uid = path.substring(INTERACTION.length());
            switch (method) {
                case "GET" -> authorization.showInteraction(ex, uid);
                case "POST" -> authorization.submitInteraction(ex, uid);
                default -> notAllowed(ex, "GET, POST");
            }
            return;
        }
        Set<String> allowed = switch (path) {
            case OIDC + "/auth", OIDC + "/me", OIDC + "/session/end" -> Set.of("GET", "POST");
            case OIDC + "/.well-known/openid-configuration", OIDC + "/.well-known/oauth-authorization-server",
                    OIDC + "/jwks", OIDC + "/session/end/success" -> Set.of("GET");
            case OIDC + "/token", OIDC + "/token/revocation", OIDC + "/token/introspection",
                    OIDC + "/session/end/confirm" -> Set.of("POST");
            default -> Set.of();
        };
        if (allowed.isEmpty()) {
            ex.json(404, Map.of("error", "not_found", "error_description", "no route for " + method + " " + path
                    + "; the issuer is " + issuer));
            return;
        }
        if (!allowed.contains(method)) {
            notAllowed(ex, String.join(", ", allowed));
            return;
        }
        switch (path) {
            case OIDC + "/.well-known/openid-configuration", OIDC + "/.well-known/oauth-authorization-server" ->
                    ex.json(200, discovery());
            case OIDC + "/jwks" -> jwks(ex);
            case OIDC + "/auth" -> authorization.authorize(ex);
            case OIDC + "/token" -> tokens.token(ex);
            case OIDC + "/me" -> tokens.userinfo(ex);
            case OIDC + "/token/revocation" -> tokens.revoke(ex);
            case OIDC + "/token/introspection" -> tokens.introspect(ex);
            case OIDC + "/session/end" -> endSession.start(ex);
            case OIDC + "/session/end/confirm" -> endSession.confirm(ex);
            case OIDC + "/session/end/success" -> endSession.success(ex);
            default -> throw new IllegalStateException("unrouted " + path);
        }
    }

    /**
     * Logto v1.42.0's discovery document (logto {@code integration-tests/.../oidc/discovery.test.ts}), minus the
     * device-authorization and pushed-authorization-request endpoints this provider does not serve.
     */
    Map<String, Object> discovery() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", issuer);
        doc.put("authorization_endpoint", issuer + "/auth");
        doc.put("token_endpoint", issuer + "/token");
        doc.put("userinfo_endpoint", issuer + "/me");
        doc.put("jwks_uri", issuer + "/jwks");
        doc.put("end_session_endpoint", issuer + "/session/end");
        doc.put("revocation_endpoint", issuer + "/token/revocation");
        doc.put("introspection_endpoint", issuer + "/token/introspection");
        doc.put("response_types_supported", List.of("code id_token", "code", "id_token", "none"));
        doc.put("response_modes_supported", List.of("form_post", "fragment", "query"));
        doc.put("grant_types_supported", List.of("implicit", "authorization_code", "refresh_token",
                "client_credentials", "urn:ietf:params:oauth:grant-type:device_code",
                "urn:ietf:params:oauth:grant-type:token-exchange"));
        doc.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_jwt",
                "client_secret_post", "private_key_jwt", "none"));
        doc.put("token_endpoint_auth_signing_alg_values_supported",
                List.of("HS256", "RS256", "PS256", "ES256", "Ed25519", "EdDSA"));
        doc.put("code_challenge_methods_supported", List.of("S256"));
        doc.put("id_token_signing_alg_values_supported", signingAlgorithms.get());
        doc.put("subject_types_supported", List.of("public"));
        doc.put("scopes_supported", LogtoDevProvider.SCOPES_SUPPORTED);
        doc.put("claims_supported", List.of("sub", "name", "family_name", "given_name", "middle_name", "nickname",
                "preferred_username", "profile", "picture", "website", "gender", "birthdate", "zoneinfo", "locale",
                "updated_at", "username", "created_at", "email", "email_verified", "phone_number",
                "phone_number_verified", "address", "custom_data", "identities", "sso_identities", "roles",
                "organizations", "organization_data", "organization_roles", "sid", "auth_time", "iss"));
        doc.put("claim_types_supported", List.of("normal"));
        doc.put("claims_parameter_supported", false);
        doc.put("request_uri_parameter_supported", false);
        doc.put("authorization_response_iss_parameter_supported", true);
        doc.put("backchannel_logout_supported", true);
        doc.put("backchannel_logout_session_supported", true);
        return doc;
    }

    /** Logto {@code koa-jwks-cache-control.ts}: revalidate every time, with an ETag. */
    private void jwks(ProviderExchange ex) throws IOException {
        if (fault.get() == Fault.JWKS_DOWN) {
            throw new OidcError(503, "server_error", "the JWKS is not available");
        }
        String body = keys.jwksJson(fault.get());
        ex.setHeader("Cache-Control", "no-cache, max-age=0, must-revalidate");
        ex.setHeader("ETag", "W/\"" + sha256(body) + "\"");
        ex.json(200, body);
    }

    private static void notAllowed(ProviderExchange ex, String allow) throws IOException {
        ex.setHeader("Allow", allow);
        throw new OidcError(405, "invalid_request", "method " + ex.method() + " is not allowed here; use " + allow);
    }

    private static String sha256(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 27);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
