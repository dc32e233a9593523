package com.example.logto.devprovider;

import com.example.logto.devprovider.ProviderStore.Token;
import com.example.logto.devprovider.ProviderStore.User;
import com.example.logto.devprovider.SocialConnector.TokenSet;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The subset of Logto's Account API (v1.37.0) that links and unlinks social identities, and the Secret Vault's
 * token getter, with Logto's status codes and error {@code code}s (account-api.md, endpoint table):
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
    private final Map<String, TokenSet> vault = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> details = new ConcurrentHashMap<>();
    private volatile boolean enabled;
    private volatile Map<String, String> fields = Map.of();

    AccountApi(ProviderStore store, Map<String, SocialConnector> connectors) {
        this.store = store;
        this.connectors = Map.copyOf(connectors);
    }

    /** {@code PATCH /api/account-center}: {@code fields} replaces the old ones (jsonb replace). */
    void configure(boolean enabled, Map<String, String> fields) {
        this.enabled = enabled;
        this.fields = Map.copyOf(fields);
    }

    /** Makes the stored token of {@code sub} at {@code target} expired, with or without its refresh token. */
    void expireStoredToken(String sub, String target, boolean keepRefreshToken) {
        vault.computeIfPresent(sub + " " + target, (k, t) -> new TokenSet(t.accessToken(), t.tokenType(), t.scope(),
                store.now().minusSeconds(1), keepRefreshToken ? t.refreshToken() : null));
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
            startSocial(ex, now);
        } else if (call.equals("POST /api/verifications/social/verify")) {
            verifySocial(ex, now);
        } else if (call.equals("POST /api/my-account/identities")) {
            User user = sensitive(ex, token, now);
            link(user, String.valueOf(ex.jsonBody().get("newIdentifierVerificationRecordId")), now);
            ex.empty(204);
        } else if (ex.method().equals("DELETE") && path.startsWith(PREFIX) && path.indexOf('/', PREFIX.length()) < 0) {
            User user = sensitive(ex, token, now);
            String target = path.substring(PREFIX.length());
            if (!user.identities().containsKey(target)) {
                throw new ApiError(404, "user.identity_not_exist", "The social identity has not been registered yet.");
            }
            store.setIdentity(user.sub(), target, null);
            vault.remove(user.sub() + " " + target); // the DB trigger deletes the stored token set
            ex.empty(204);
        } else if (ex.method().equals("GET") && path.startsWith(PREFIX) && path.endsWith("/access-token")) {
            String target = path.substring(PREFIX.length(), path.length() - "/access-token".length());
            ex.json(200, storedToken(user(token).sub() + " " + target, target, now));
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

    /** Logto's {@code get-scoped-profile.ts}, filtered by the Account Center's fields (account-api.md 5). */
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
                    details.getOrDefault(user.sub() + " " + target, Map.of("id", id)))));
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

    private void startSocial(ProviderExchange ex, Instant now) throws IOException {
        Map<String, Object> body = ex.jsonBody();
        if (!(body.get("state") instanceof String state) || !(body.get("redirectUri") instanceof String redirect)
                || !(body.get("connectorId") instanceof String connectorId)) {
            throw new ApiError(400, "guard.invalid_input", "The request input is invalid.");
        }
        if (state.isEmpty() || redirect.isEmpty()) {
            throw new ApiError(400, "session.insufficient_info", "Insufficient session info.");
        }
        SocialConnector connector = Optional.ofNullable(connectors.get(connectorId)).orElseThrow(() ->
                new ApiError(422, "session.invalid_connector_id", "Unable to find available connector with id "
                        + connectorId + "."));
        VerificationRecords.Record record = records.social(connectorId, redirect, now);
        ex.json(201, Map.of("verificationRecordId", record.id(), "expiresAt", record.expiresAt().toString(),
                "authorizationUri", connector.authorizationUri(redirect, state, record.nonce(),
                        (String) body.get("scope"))));
    }

    private void verifySocial(ProviderExchange ex, Instant now) throws IOException {
        Map<String, Object> body = ex.jsonBody();
        VerificationRecords.Record record = socialRecord(body.get("verificationRecordId"), now);
        if (!(body.get("connectorData") instanceof Map<?, ?> data) || !(data.get("code") instanceof String code)) {
            throw new ApiError(400, "connector.general", "General connector error.");
        }
        records.update(record.withVerified(connectors.get(record.connectorId()).verify(code, record.redirectUri(),
                record.nonce(), now)));
        ex.json(200, Map.of("verificationRecordId", record.id()));
    }

    private VerificationRecords.Record socialRecord(Object id, Instant now) {
        return records.active(id instanceof String s ? s : null, "Social", now).orElseThrow(() ->
                new ApiError(400, "verification_record.not_found", "Verification record not found."));
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

    private void link(User user, String socialRecordId, Instant now) {
        VerificationRecords.Record record = socialRecord(socialRecordId, now);
        SocialConnector.Verified verified = record.verified();
        if (verified == null) {
            throw new ApiError(400, "verification_record.not_found", "Verification record not found.");
        }
        String target = connectors.get(record.connectorId()).target();
        if (store.userWithIdentity(target, verified.sub()).filter(u -> !u.sub().equals(user.sub())).isPresent()) {
            throw new ApiError(422, "user.identity_already_in_use", "This social identity is already in use.");
        }
        if (user.identities().containsKey(target)) {
            throw new ApiError(400, "user.identity_already_in_use", "This social identity is already in use.");
        }
        store.setIdentity(user.sub(), target, verified.sub());
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("id", verified.sub());
        Optional.ofNullable(verified.claims().get("name")).ifPresent(n -> shown.put("name", n));
        Optional.ofNullable(verified.claims().get("email")).ifPresent(m -> shown.put("email", m));
        shown.put("rawData", verified.claims());
        details.put(user.sub() + " " + target, shown);
        if (connectors.get(record.connectorId()).tokenStorage()) {
            vault.put(user.sub() + " " + target, verified.tokens());
        }
    }

    /** {@code third-party-tokens.ts}: the stored token, refreshed upstream when expired, else deleted with a 401. */
    private Map<String, Object> storedToken(String key, String target, Instant now) {
        TokenSet stored = vault.get(key);
        if (stored == null) {
            throw new ApiError(404, "secrets.third_party_token_set.token_not_found", "Token set not found.");
        }
        if (stored.expiresAt() != null && !now.isBefore(stored.expiresAt())) {
            if (stored.refreshToken() == null) {
                vault.remove(key);
                throw new ApiError(401, "secrets.third_party_token_set.access_token_expired",
                        "The access token has expired and no refresh token is available.");
            }
            SocialConnector connector = connectors.values().stream().filter(c -> c.target().equals(target))
                    .findFirst().orElseThrow();
            stored = connector.refresh(stored, now);
            vault.put(key, stored);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", stored.accessToken());
        answer.put("token_type", stored.tokenType());
        if (stored.scope() != null) {
            answer.put("scope", stored.scope());
        }
        if (stored.expiresAt() != null) {
            answer.put("expires_in", Duration.between(now, stored.expiresAt()).toSeconds());
        }
        return answer;
    }
}
