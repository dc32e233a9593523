package com.example.logto.devprovider;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Everything the provider remembers, in memory, thread-safe, expired lazily (on lookup and by {@link #sweep()}).
 * Lifetimes are Logto's ({@code oidc/init.ts} {@code ttl}, oidc-provider defaults): authorization code 60 s,
 * interaction 1 h, OP session 14 d, refresh token 14 d ({@code refreshTokenTtlInDays} default).
 *
 * <p>A {@link Grant} is what one authorization produced (client, user, granted scopes, nonce, OP session);
 * codes and tokens point at it, and revoking it invalidates all of them, as oidc-provider's
 * {@code helpers/revoke.js} does.
 */
final class ProviderStore {

    static final Duration CODE_TTL = Duration.ofSeconds(60);
    static final Duration INTERACTION_TTL = Duration.ofHours(1);
    static final Duration SESSION_TTL = Duration.ofDays(14);
    static final Duration REFRESH_TOKEN_TTL = Duration.ofDays(14);
    static final Duration REFRESH_TOKEN_REUSE_INTERVAL = Duration.ofSeconds(3);
    static final Duration LOGOUT_TTL = Duration.ofHours(1);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] UID_ALPHABET =
            "useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict".toCharArray();

    /**
     * A Logto user; {@code createdAt}/{@code updatedAt} are epoch milliseconds, as Logto stores them.
     * {@code identities}: social connector target to the user's id there, linked when the user signed in with
     * {@code direct_sign_in=social:<target>} (as if through that connector). {@code organizationRoles}:
     * organization id to the user's roles there, as chosen on the login page's "Organizations" field (empty
     * without that field, {@link OrganizationsField}).
     */
    record User(String sub, String username, List<String> roles, long createdAt, long updatedAt,
                Map<String, String> identities, Map<String, List<String>> organizationRoles) {
    }

    record Session(String id, String sub, Instant authTime, Instant expiresAt) {
    }

    /** A validated authorization request; {@code scopes} are the granted ones. */
    record AuthRequest(RegisteredClient client, String redirectUri, String responseMode, String state,
                       String nonce, List<String> scopes, String codeChallenge, Set<String> prompts, Long maxAge,
                       Map<String, String> extraParams, String extraParamsProblem) {

        /** oidc-provider adds {@code auth_time} when {@code max_age} or {@code prompt=login} was requested. */
        boolean includeAuthTime() {
            return maxAge != null || prompts.contains("login");
        }
    }

    record Interaction(String uid, AuthRequest request, Instant expiresAt) {
    }

    record Grant(String id, String clientId, String sub, List<String> scopes, String sessionId, String nonce,
                 Instant authTime, boolean includeAuthTime) {

        /** Grants with offline_access survive end-session ({@code persistsLogout}, oidc-provider end_session.js). */
        boolean persistsLogout() {
            return scopes.contains("offline_access");
        }
    }

    record AuthorizationCode(String value, String grantId, String clientId, String redirectUri,
                             String codeChallenge, Instant expiresAt, AtomicBoolean consumed) {
    }

    record Token(String value, String grantId, String clientId, String sub, List<String> scopes, Instant issuedAt,
                 Instant expiresAt) {
    }

    /** An OP session that ended, and the clients authorized in it (oidc-provider {@code session.authorizations}). */
    record EndedSession(String id, String sub, Set<String> clientIds) {
    }

    record PendingLogout(String xsrf, String clientId, String postLogoutRedirectUri, String state,
                         String sessionId, Instant expiresAt) {
    }

    private final Clock clock;
    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Interaction> interactions = new ConcurrentHashMap<>();
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final Map<String, AuthorizationCode> codes = new ConcurrentHashMap<>();
    private final Map<String, Token> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, Token> refreshTokens = new ConcurrentHashMap<>();
    /** Refresh tokens replaced by rotation, and when: Logto's {@code refreshTokenReuseInterval} counts from then. */
    private final Map<String, Instant> replacedRefreshTokens = new ConcurrentHashMap<>();
    private volatile boolean rotatingRefreshTokens;
    private final Map<String, PendingLogout> logouts = new ConcurrentHashMap<>();
    /** OP session id to the clients that got a code in it, revoked grants included, as oidc-provider keeps them. */
    private final Map<String, Set<String>> authorizations = new ConcurrentHashMap<>();
    /** Users who signed up through a social connector: Logto gives them no password (Account API step-up fails). */
    private final Set<String> passwordless = ConcurrentHashMap.newKeySet();

    ProviderStore(Clock clock) {
        this.clock = clock;
    }

    Instant now() {
        return clock.instant();
    }

    /**
     * Creates the user on first sign-in; the roles and organization memberships typed on the login page replace the
     * previous ones. A {@code socialTarget} (from {@code direct_sign_in=social:<target>}) links an identity at that
     * connector.
     */
    User signIn(String username, List<String> roles, Map<String, List<String>> organizationRoles,
                String socialTarget) {
        String sub = ProviderClaims.subjectFor(username);
        long millis = now().toEpochMilli();
        return users.compute(sub, (k, old) -> {
            if (old == null && socialTarget != null) {
                passwordless.add(sub);
            }
            Map<String, String> identities = new java.util.TreeMap<>(old == null ? Map.of() : old.identities());
            if (socialTarget != null) {
                identities.put(socialTarget, "upstream-" + username);
            }
            return new User(sub, username, List.copyOf(roles), old == null ? millis : old.createdAt(), millis,
                    Map.copyOf(identities), Map.copyOf(organizationRoles));
        });
    }

    Optional<User> user(String sub) {
        return Optional.ofNullable(users.get(sub));
    }

    // Account API (AccountApi): identities linked and unlinked by the user ------------------------------------

    /** Whether the user has a password: everyone but users who signed up through a social connector. */
    boolean hasPassword(String sub) {
        return users.containsKey(sub) && !passwordless.contains(sub);
    }

    /** Links ({@code upstreamId} set) or unlinks ({@code null}) the user's identity at {@code target}. */
    void setIdentity(String sub, String target, String upstreamId) {
        users.computeIfPresent(sub, (k, user) -> {
            Map<String, String> identities = new java.util.TreeMap<>(user.identities());
            if (upstreamId == null) {
                identities.remove(target);
            } else {
                identities.put(target, upstreamId);
            }
            return new User(user.sub(), user.username(), user.roles(), user.createdAt(), now().toEpochMilli(),
                    Map.copyOf(identities), user.organizationRoles());
        });
    }

    /** The user who has linked {@code upstreamId} at {@code target}, if any. */
    Optional<User> userWithIdentity(String target, String upstreamId) {
        return users.values().stream().filter(u -> upstreamId.equals(u.identities().get(target))).findFirst();
    }

    /** Keeps the browser's session id when it has one, so end-session later finds all its grants. */
    Session startSession(Optional<Session> existing, User user) {
        String id = existing.map(Session::id).orElseGet(ProviderStore::randomToken);
        existing.filter(s -> !s.sub().equals(user.sub())).ifPresent(s -> authorizations.remove(s.id()));
        Session session = new Session(id, user.sub(), now(), now().plus(SESSION_TTL));
        sessions.put(id, session);
        return session;
    }

    Optional<Session> session(String id) {
        return live(sessions, id, Session::expiresAt).filter(s -> users.containsKey(s.sub()));
    }

    /**
     * Ends an OP session and revokes its grants without offline_access (oidc-provider end_session.js); returns it,
     * with the clients to notify by back-channel logout, unless there was no such session.
     */
    Optional<EndedSession> endSession(String id) {
        Session session = id == null ? null : sessions.remove(id);
        Set<String> clientIds = id == null ? null : authorizations.remove(id);
        if (session == null) {
            return Optional.empty();
        }
        grants.values().stream().filter(g -> id.equals(g.sessionId()) && !g.persistsLogout())
                .map(Grant::id).toList().forEach(this::revokeGrant);
        return Optional.of(new EndedSession(id, session.sub(), clientIds == null ? Set.of() : Set.copyOf(clientIds)));
    }

    Interaction createInteraction(AuthRequest request) {
        Interaction interaction = new Interaction(randomUid(), request, now().plus(INTERACTION_TTL));
        interactions.put(interaction.uid(), interaction);
        return interaction;
    }

    Optional<Interaction> interaction(String uid) {
        return live(interactions, uid, Interaction::expiresAt);
    }

    /** Ends an interaction; false when it was already finished (e.g. by a concurrent submit). */
    boolean finishInteraction(String uid) {
        return interactions.remove(uid) != null;
    }

    /** A new grant for this authorization, and its single-use code. */
    String issueCode(AuthRequest request, Session session) {
        Grant grant = new Grant(randomToken(), request.client().clientId(), session.sub(), request.scopes(),
                session.id(), request.nonce(), session.authTime(), request.includeAuthTime());
        grants.put(grant.id(), grant);
        authorizations.computeIfAbsent(session.id(), k -> ConcurrentHashMap.newKeySet()).add(grant.clientId());
        AuthorizationCode code = new AuthorizationCode(randomToken(), grant.id(), grant.clientId(),
                request.redirectUri(), request.codeChallenge(), now().plus(CODE_TTL), new AtomicBoolean());
        codes.put(code.value(), code);
        return code.value();
    }

    /** An unexpired code, consumed or not: a consumed one must still be found to detect a replay. */
    Optional<AuthorizationCode> code(String value) {
        return live(codes, value, AuthorizationCode::expiresAt);
    }

    Optional<Grant> grant(String id) {
        return Optional.ofNullable(id == null ? null : grants.get(id));
    }

    /** The live grants of one user at one client, e.g. to send them a back-channel logout. */
    List<Grant> grants(String clientId, String sub) {
        return grants.values().stream().filter(g -> g.clientId().equals(clientId) && g.sub().equals(sub)).toList();
    }

    void revokeGrant(String grantId) {
        grants.remove(grantId);
        accessTokens.values().removeIf(t -> t.grantId().equals(grantId));
        refreshTokens.values().removeIf(t -> t.grantId().equals(grantId));
    }

    Token issueAccessToken(Grant grant, List<String> scopes, Duration ttl) {
        Token token = new Token(randomToken(), grant.id(), grant.clientId(), grant.sub(), List.copyOf(scopes),
                now(), now().plus(ttl));
        accessTokens.put(token.value(), token);
        return token;
    }

    Token issueRefreshToken(Grant grant) {
        Token token = new Token(randomToken(), grant.id(), grant.clientId(), grant.sub(), grant.scopes(), now(),
                now().plus(REFRESH_TOKEN_TTL));
        refreshTokens.put(token.value(), token);
        return token;
    }

    /** Unexpired and its grant not revoked. */
    Optional<Token> accessToken(String value) {
        return live(accessTokens, value, Token::expiresAt).filter(t -> grants.containsKey(t.grantId()));
    }

    /**
     * Unexpired and its grant not revoked. A token replaced by rotation works for 3 s more; used later, it revokes
     * the whole grant, newest token included (logto {@code oidc-model-instance.ts} {@code refreshTokenReuseInterval},
     * {@code provider-semantics.test.ts}).
     */
    Optional<Token> refreshToken(String value) {
        Optional<Token> token = live(refreshTokens, value, Token::expiresAt).filter(t -> grants.containsKey(t.grantId()));
        Instant replaced = value == null ? null : replacedRefreshTokens.get(value);
        if (token.isPresent() && replaced != null && now().isAfter(replaced.plus(REFRESH_TOKEN_REUSE_INTERVAL))) {
            revokeGrant(token.get().grantId());
            return Optional.empty();
        }
        return token;
    }

    /** From now on each refresh rotates the refresh token, as Logto does once 70 % of its TTL has passed. */
    void rotateRefreshTokens(boolean rotating) {
        rotatingRefreshTokens = rotating;
    }

    /** The refresh token a refresh with {@code used} returns: {@code used} itself, or a new one while rotating. */
    Token nextRefreshToken(Token used) {
        if (!rotatingRefreshTokens) {
            return used;
        }
        replacedRefreshTokens.putIfAbsent(used.value(), now());
        Token next = new Token(randomToken(), used.grantId(), used.clientId(), used.sub(), used.scopes(), now(),
                used.expiresAt());
        refreshTokens.put(next.value(), next);
        return next;
    }

    PendingLogout createLogout(String clientId, String postLogoutRedirectUri, String state, String sessionId) {
        PendingLogout logout = new PendingLogout(HexFormat.of().formatHex(randomBytes(24)), clientId,
                postLogoutRedirectUri, state, sessionId, now().plus(LOGOUT_TTL));
        logouts.put(logout.xsrf(), logout);
        return logout;
    }

    Optional<PendingLogout> takeLogout(String xsrf) {
        Optional<PendingLogout> logout = live(logouts, xsrf, PendingLogout::expiresAt);
        logout.ifPresent(l -> logouts.remove(l.xsrf()));
        return logout;
    }

    /** Drops everything expired; codes live on until expiry so that a replay is still recognized. */
    void sweep() {
        Instant now = now();
        sessions.values().removeIf(s -> !s.expiresAt().isAfter(now));
        interactions.values().removeIf(i -> !i.expiresAt().isAfter(now));
        codes.values().removeIf(c -> !c.expiresAt().isAfter(now));
        accessTokens.values().removeIf(t -> !t.expiresAt().isAfter(now));
        refreshTokens.values().removeIf(t -> !t.expiresAt().isAfter(now));
        replacedRefreshTokens.keySet().removeIf(value -> !refreshTokens.containsKey(value));
        logouts.values().removeIf(l -> !l.expiresAt().isAfter(now));
        authorizations.keySet().removeIf(id -> !sessions.containsKey(id));
    }

    /** 32 random bytes, base64url: 43 characters and no dots, like oidc-provider's opaque values. */
    static String randomToken() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
    }

    /** 21 characters from nanoid's URL-safe alphabet, as oidc-provider's interaction uids. */
    static String randomUid() {
        StringBuilder uid = new StringBuilder(21);
        for (byte b : randomBytes(21)) {
            uid.append(UID_ALPHABET[b & 63]);
        }
        return uid.toString();
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private <T> Optional<T> live(Map<String, T> map, String key, Function<T, Instant> expiry) {
        if (key == null) {
            return Optional.empty();
        }
        T value = map.get(key);
        if (value != null && !expiry.apply(value).isAfter(now())) {
            map.remove(key, value);
            return Optional.empty();
        }
        return Optional.ofNullable(value);
    }
}
