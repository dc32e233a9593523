package com.example.logto.security.session;

import com.example.logto.security.provider.ProviderClient;
import com.example.logto.security.provider.TokenClient;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The signed-in user of one HTTP session as this app keeps it: Logto's user id, the roles, the tokens, when they are
 * due for a refresh, and the API tokens obtained so far. The mechanism writes it at sign-in and after each refresh,
 * and rebuilds the caller from it on every request.
 *
 * <pre>
 * SignedInUser user = SignedInUser.of(request.getSession(false));   // null: nobody signed in
 * user.subject(); user.roles(); user.claims().getString("email", null);
 * </pre>
 *
 * <p><b>Why not Soteria's {@code OpenIdContext}.</b> Soteria keeps the same data in a {@code @SessionScoped} bean
 * that is not serializable, and Weld names session beans differently in each JVM, so neither survives session
 * replication (docs/soteria.md §7). This value holds only strings, a set of strings and instants:
 * any server that stores or replicates sessions can copy it, and any member of a cluster can serve the user.
 * It is immutable: a change is a new value {@linkplain #storeIn stored} again, which is what tells a replicating
 * container that the attribute changed (Servlet 6.0, 7.7.2).
 */
public final class SignedInUser implements Serializable {

    /** 2: the CSRF token and the unverified ID token joined the state. */
    private static final long serialVersionUID = 2L;
    public static final String ATTRIBUTE = SignedInUser.class.getName();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String subject;
    private final String sid;
    private final Instant signedInAt;
    private final Set<String> roles;
    private final String idToken;
    private final String accessToken;
    private final Instant expiresAt;
    private final String refreshToken;
    private final Map<String, ApiToken> apiTokens;
    private final String csrfToken;
    private final String unverifiedIdToken;

    /** An access token for one API resource or organization, used until {@code refreshAfter}. */
    record ApiToken(String value, Instant refreshAfter) implements Serializable {
        @Override
        public String toString() {
            return "ApiToken[refreshAfter=" + refreshAfter + "]";
        }
    }

    /**
     * @param expiresAt    the earlier of the access token's and the ID token's expiry
     * @param refreshToken {@code null} when Logto issued none (no {@code offline_access})
     */
    public SignedInUser(String subject, Set<String> roles, String idToken, String accessToken, Instant expiresAt,
            String refreshToken) {
        this(subject, null, Instant.now(), roles, idToken, accessToken, expiresAt, refreshToken, Map.of(),
                newCsrfToken(), null);
    }

    private SignedInUser(String subject, String sid, Instant signedInAt, Set<String> roles, String idToken,
            String accessToken, Instant expiresAt, String refreshToken, Map<String, ApiToken> apiTokens,
            String csrfToken, String unverifiedIdToken) {
        this.subject = subject;
        // Logto's session id: the same in every ID token of this sign-in, read once (it is looked up per request)
        this.sid = sid != null ? sid : claimsOf(idToken).getString("sid", null);
        this.signedInAt = signedInAt;
        this.roles = Set.copyOf(roles);
        this.idToken = idToken;
        this.accessToken = accessToken;
        this.expiresAt = expiresAt;
        this.refreshToken = refreshToken;
        this.apiTokens = Map.copyOf(apiTokens);
        this.csrfToken = csrfToken;
        this.unverifiedIdToken = unverifiedIdToken;
    }

    /**
     * Made once, with the signed-in state, in the one request that signs the user in: parallel first page loads
     * and every member of a cluster read the same token, where a token made on first use could be made twice
     * (OWASP CSRF cheat sheet, synchronizer token per session).
     */
    private static String newCsrfToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The signed-in user of {@code session}, or {@code null}. */
    public static SignedInUser of(HttpSession session) {
        return session == null ? null : (SignedInUser) session.getAttribute(ATTRIBUTE);
    }

    /** The signed-in user of {@code session}; throws if there is none. */
    public static SignedInUser required(HttpSession session) {
        SignedInUser user = of(session);
        if (user == null) {
            throw new IllegalStateException("Nobody is signed in");
        }
        return user;
    }

    void storeIn(HttpSession session) {
        session.setAttribute(ATTRIBUTE, this);
    }

    /** Logto's user id ({@code sub}), the caller name. */
    public String subject() {
        return subject;
    }

    /** The caller's groups: Logto's {@code roles} claim. */
    public Set<String> roles() {
        return roles;
    }

    /** The current ID token (verified when it was received), for {@code id_token_hint} at sign-out. */
    public String idToken() {
        return idToken;
    }

    /** The opaque access token for Logto's userinfo endpoint. Sensitive: it acts as the user until it expires. */
    public String accessToken() {
        return accessToken;
    }

    /** The refresh token, if Logto issued one ({@code offline_access}); for revocation at sign-out. Sensitive. */
    public Optional<String> refreshToken() {
        return Optional.ofNullable(refreshToken);
    }

    /** The token a sign-out form must carry, the same for the whole signed-in session. */
    public String csrfToken() {
        return csrfToken;
    }

    /** The ID token's claims, read anew on each call: the session holds only the token. */
    public JsonObject claims() {
        return claimsOf(idToken);
    }

    private static JsonObject claimsOf(String idToken) {
        return ProviderClient.readObject(new String(Base64.getUrlDecoder().decode(idToken.split("\\.")[1]),
                StandardCharsets.UTF_8));
    }

    /** Logto's session id ({@code sid}), sent only to apps with a back-channel logout URI; may be {@code null}. */
    public String sid() {
        return sid;
    }

    /** When this server signed the user in (the code exchange), for back-channel logouts by {@code sub}. */
    public Instant signedInAt() {
        return signedInAt;
    }

    /** The organization ids of the ID token's {@code organizations} claim. */
    public List<String> organizations() {
        return claims().get("organizations") instanceof JsonArray ids
                ? ids.stream().filter(JsonString.class::isInstance).map(id -> ((JsonString) id).getString()).toList()
                : List.of();
    }

    /** Whether Logto is to be asked: the tokens are due for a refresh, or an ID token waits for its check. */
    boolean needsRenewal(Instant now, Duration minValidity) {
        return unverifiedIdToken != null || refreshDue(now, minValidity);
    }

    /** Whether the tokens are within {@code minValidity} of expiry (Soteria's {@code tokenMinValidity} rule). */
    boolean refreshDue(Instant now, Duration minValidity) {
        return refreshToken != null && !now.plus(minValidity).isBefore(expiresAt);
    }

    /**
     * An ID token that came with a refresh and could not be checked yet (Logto's keys were unreachable): its claims
     * are not used until {@link #verified} takes it.
     */
    Optional<String> unverifiedIdToken() {
        return Optional.ofNullable(unverifiedIdToken);
    }

    /** After a refresh: new tokens; roles from the new ID token if it lists them; API tokens kept. */
    SignedInUser refreshed(TokenClient.Tokens tokens, Instant idTokenExpiry, Optional<Set<String>> newRoles) {
        Instant expiry = tokens.expiresAt().isBefore(idTokenExpiry) ? tokens.expiresAt() : idTokenExpiry;
        return new SignedInUser(subject, sid, signedInAt, newRoles.orElse(roles), tokens.idToken(),
                tokens.accessToken(), expiry, tokens.refreshToken(), apiTokens, csrfToken, null);
    }

    /**
     * After a refresh whose ID token cannot be checked yet: what Logto granted is kept (the refresh token above all,
     * which Logto may have rotated), the ID token waits aside, and the user, roles and claims stay those of the
     * verified one. Due again when the new access token or the waiting ID token nears expiry.
     */
    SignedInUser refreshedUnverified(TokenClient.Tokens tokens) {
        Instant expiry = tokens.expiresAt();
        try { // not yet trusted, only read to know when to renew; a token without a readable exp fails its check later
            if (claimsOf(tokens.idToken()).get("exp") instanceof JsonNumber exp
                    && Instant.ofEpochSecond(exp.longValue()).isBefore(expiry)) {
                expiry = Instant.ofEpochSecond(exp.longValue());
            }
        } catch (RuntimeException unreadable) {
            // its check, retried, refuses it
        }
        return new SignedInUser(subject, sid, signedInAt, roles, idToken, tokens.accessToken(), expiry,
                tokens.refreshToken(), apiTokens, csrfToken, tokens.idToken());
    }

    /** The waiting ID token, now verified, becomes the session's; roles from it if it lists them. */
    SignedInUser verified(Optional<Set<String>> newRoles) {
        return new SignedInUser(subject, sid, signedInAt, newRoles.orElse(roles), unverifiedIdToken, accessToken,
                expiresAt, refreshToken, apiTokens, csrfToken, null);
    }

    /** An API token cached until shortly before it expires, and the refresh token to use next. */
    SignedInUser withApiToken(String key, ApiToken token, String nextRefreshToken) {
        Map<String, ApiToken> tokens = new HashMap<>(apiTokens);
        tokens.values().removeIf(cached -> cached.refreshAfter().isBefore(Instant.now()));
        tokens.put(key, token);
        return new SignedInUser(subject, sid, signedInAt, roles, idToken, accessToken, expiresAt, nextRefreshToken,
                tokens, csrfToken, unverifiedIdToken);
    }

    Optional<String> apiToken(String key, Instant now) {
        ApiToken token = apiTokens.get(key);
        return token != null && now.isBefore(token.refreshAfter()) ? Optional.of(token.value()) : Optional.empty();
    }

    /** Never prints a token. */
    @Override
    public String toString() {
        return "SignedInUser[" + subject + ", roles=" + roles + ", expiresAt=" + expiresAt + ", apiTokens="
                + apiTokens.keySet() + "]";
    }
}
