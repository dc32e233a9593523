package com.example.logto.devprovider;

import com.example.logto.devprovider.ProviderStore.Token;
import com.example.logto.devprovider.ProviderStore.User;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The subset of Logto's Account API (v1.37.0) that links and unlinks social identities, and the Secret Vault's
 * token getter, with Logto's status codes and error {@code code}s (Logto v1.37.0 {@code routes/account/}, {@code routes/verification/}):
 *
 * <pre>
 * GET    /api/my-account                                  profile; identities with scope identities + fields.social
 * POST   /api/verifications/password                      201 {verificationRecordId, expiresAt}
 * POST   /api/verifications/social                        201 {verificationRecordId, authorizationUri, expiresAt}
 * POST   /api/verifications/social/verify                 200 {verificationRecordId}; state is NOT checked
 * POST   /api/my-account/identities                       204; logto-verification-id = the password record
 * DELETE /api/my-account/identities/{target}              204; no last-sign-in-method guard (v1.38 adds one)
 * GET    /api/my-account/identities/{target}/access-token 200 {access_token, token_type, scope, expires_in}
 * </pre>
 *
 * Every call needs the user's opaque access token ({@code koaOidcAuth}: 401 {@code auth.unauthorized}, 403
 * {@code auth.forbidden} without {@code openid}) and the Account Center enabled (400
 * {@code account_center.not_enabled}). Passwords: every user's is their user name, except users who signed up
 * through a social connector, who have none.
 */
final class AccountApi {

    private static final String PREFIX = "/api/my-account/identities/";

    /** Thrown for an error answer: Logto's body {@code {code, message}}. */
    static final class ApiError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;

        ApiError(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }

    private final ProviderStore store;
    private final Map<String, SocialConnector> connectors;
    private final VerificationRecords records = new VerificationRecords();
    private final SecretVault vault = new SecretVault();
    private final SocialLinks links;
    private volatile boolean enabled;
    private volatile Map<String, String> fields = Map.of();

    AccountApi(ProviderStore store, Map<String, SocialConnector> connectors) {
        this.store = store;
        this.connectors = Map.copyOf(connectors);
        this.links = new SocialLinks(store, this.connectors, records, vault);
    }

    /** {@code PATCH /api/account-center}: {@code fields} replaces the old ones (jsonb replace). */
    void configure(boolean enabled, Map<String, String> fields) {
        this.enabled = enabled;
        this.fields = Map.copyOf(fields);
    }

    /** Makes the stored token of {@code sub} at {@code target} expired, with or without its refresh token. */
    void expireStoredToken(String sub, String target, boolean keepRefreshToken) {
        vault.expire(sub, target, store.now(), keepRefreshToken);
    }

    void expireVerifications() {
        records.expireAll(store.now());
    }

    void dispatch(ProviderExchange ex) throws IOException {
        try {
            Token token = authenticate(ex);
            if (!enabled) {
                throw new ApiError(400, "account_center.not_enabled", "The account center is not enabled.");
            }
            route(ex, token);
        } catch (ApiError e) {
            ex.json(e.status, Map.of("code", e.code, "message", e.getMessage()));
        } catch (IllegalArgumentException | ClassCastException e) {
            ex.json(400, Map.of("code", "guard.invalid_input", "message", "The request input is invalid."));
        }
    }

    private void route(ProviderExchange ex, Token token) throws IOException {
        String path = ex.path();
        String call = ex.method() + " " + path;
        Instant now = store.now();
        if (call.equals("GET /api/my-account")) {
            ex.json(200, profile(token));
        } else if (call.equals("POST /api/verifications/password")) {
            Object password = ex.jsonBody().get("password");
            User user = user(token);
            if (!store.hasPassword(user.sub()) || !user.username().equals(password)) {
                throw new ApiError(422, "session.invalid_credentials", "Wrong identifier or password.");
            }
            VerificationRecords.Record record = records.password(user.sub(), now);
            ex.json(201, Map.of("verificationRecordId", record.id(), "expiresAt", record.expiresAt().toString()));
        } else if (call.equals("POST /api/verifications/social")) {
            links.start(ex, now);
        } else if (call.equals("POST /api/verifications/social/verify")) {
            links.verify(ex, now);
        } else if (call.equals("POST /api/my-account/identities")) {
            User user = sensitive(ex, token, now);
            links.link(user, String.valueOf(ex.jsonBody().get("newIdentifierVerificationRecordId")), now);
            ex.empty(204);
        } else if (ex.method().equals("DELETE") && path.startsWith(PREFIX) && path.indexOf('/', PREFIX.length()) < 0) {
            User user = sensitive(ex, token, now);
            String target = path.substring(PREFIX.length());
            if (!user.identities().containsKey(target)) {
                throw new ApiError(404, "user.identity_not_exist", "The social identity has not been registered yet.");
            }
            store.setIdentity(user.sub(), target, null);
            vault.delete(user.sub(), target);
            ex.empty(204);
        } else if (ex.method().equals("GET") && path.startsWith(PREFIX) && path.endsWith("/access-token")) {
            String target = path.substring(PREFIX.length(), path.length() - "/access-token".length());
            SocialConnector connector = connectors.values().stream().filter(c -> c.target().equals(target))
                    .findFirst().orElseThrow(() -> new ApiError(404, "secrets.third_party_token_set.token_not_found",
                            "Token set not found."));
            ex.json(200, vault.accessToken(user(token).sub(), connector, now));
        } else {
            throw new ApiError(404, "request.general", "No route for " + call + ".");
        }
    }

    private Token authenticate(ProviderExchange ex) {
        String authorization = ex.header("Authorization");
        Token token = authorization == null || !authorization.startsWith("Bearer ") ? null
                : store.accessToken(authorization.substring(7).trim()).orElse(null);
        if (token == null) {
            throw new ApiError(401, "auth.unauthorized", "Unauthorized. Please check credentials and its scope.");
        }
        if (!token.scopes().contains("openid")) {
            throw new ApiError(403, "auth.forbidden", "Forbidden. Please check your permissions.");
        }
        return token;
    }

    private User user(Token token) {
        return store.user(token.sub()).orElseThrow(() -> new ApiError(401, "auth.unauthorized", "Unauthorized."));
    }

    /** Logto's {@code get-scoped-profile.ts}, filtered by the Account Center's fields. */
    private Map<String, Object> profile(Token token) {
        User user = user(token);
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("id", user.sub());
        if (token.scopes().contains("profile") && readable("username")) {
            profile.put("username", store.hasPassword(user.sub()) ? user.username() : null);
        }
        if (token.scopes().contains("profile") && readable("password")) {
            profile.put("hasPassword", store.hasPassword(user.sub()));
        }
        if (token.scopes().contains("identities") && readable("social")) {
            Map<String, Object> identities = new LinkedHashMap<>();
            user.identities().forEach((target, id) -> identities.put(target, Map.of("userId", id, "details",
                    links.details(user.sub(), target, id))));
            profile.put("identities", identities);
        }
        profile.put("createdAt", user.createdAt());
        profile.put("updatedAt", user.updatedAt());
        profile.put("isSuspended", false);
        return profile;
    }

    private boolean readable(String field) {
        return "ReadOnly".equals(fields.get(field)) || "Edit".equals(fields.get(field));
    }

    /** The checks of link and unlink, in Logto's order ({@code routes/account/identities.ts}). */
    private User sensitive(ProviderExchange ex, Token token, Instant now) {
        User user = user(token);
        if (!records.proves(ex.header("logto-verification-id"), user.sub(), now)) {
            throw new ApiError(401, "verification_record.permission_denied", "Permission denied, the verification "
                    + "is invalid.");
        }
        if (!"Edit".equals(fields.get("social"))) {
            throw new ApiError(400, "account_center.field_not_editable", "The field is not editable.");
        }
        if (!token.scopes().contains("identities")) {
            throw new ApiError(400, "auth.unauthorized", "Unauthorized. Please check credentials and its scope.");
        }
        return user;
    }
}
