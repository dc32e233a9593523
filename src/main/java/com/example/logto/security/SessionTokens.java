package com.example.logto.security;

import com.example.logto.config.LogtoConfig;
import com.example.logto.security.IdTokenVerifier.InvalidIdTokenException;
import com.example.logto.security.ProviderClient.ProviderException;
import com.example.logto.security.TokenClient.RefusedException;
import com.nimbusds.jwt.JWTClaimsSet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The refresh-token grants of signed-in sessions: renewing the session's tokens shortly before they expire (what
 * Soteria's {@code tokenAutoRefresh} would do, but on state every cluster member can read), and access tokens for
 * APIs and organizations ({@link ResourceAccessTokens}).
 *
 * <pre>
 * SignedInUser user = tokens.current(session);     // refreshed first when due; null: nobody, or Logto refused
 * String jwt = tokens.apiToken(session, "resource https://api.example.com", Map.of("resource", "https://api.example.com"));
 * </pre>
 *
 * <p><b>Single flight.</b> Every grant of a session runs under one lock, and the session's {@link SignedInUser} is
 * read again once the lock is held, so a request that waited uses what the first one obtained: twenty parallel
 * page requests cost one call to Logto, and no refresh token is ever sent twice at once (logto-oidc.md 11.13).
 * The locks are striped by session id: a fixed array, nothing to clean up when sessions end.
 *
 * <p><b>Rotation.</b> The refresh token of each response replaces the session's: Logto echoes the old one to a
 * confidential client until 70 % of its 14-day TTL has passed, then returns a new one, and revokes the whole grant
 * when a replaced token comes back more than 3 s later (logto-oidc.md 3). Two members of a cluster can only both
 * refresh a session when one browser sends parallel requests to both within that window.
 */
@ApplicationScoped
public class SessionTokens {

    private static final Logger LOG = Logger.getLogger(SessionTokens.class.getName());
    private static final Duration MAX_EARLY_REFRESH = Duration.ofSeconds(30);

    private final Object[] locks = new Object[256];

    @Inject
    private TokenClient client;

    @Inject
    private ProviderMetadata metadata;

    @Inject
    private IdTokenVerifier idTokens;

    public SessionTokens() {
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    SessionTokens(TokenClient client, ProviderMetadata metadata, IdTokenVerifier idTokens) {
        this();
        this.client = client;
        this.metadata = metadata;
        this.idTokens = idTokens;
    }

    /**
     * The session's signed-in user, with tokens refreshed first if they expire within
     * {@link LogtoConfig#TOKEN_MIN_VALIDITY}. If Logto cannot be reached, the user goes on with the tokens held.
     *
     * @return {@code null} when nobody is signed in, or when Logto refused the refresh or sent an ID token that
     *         fails verification: the user has then left the session, and the caller renews its id
     *         ({@link SessionRenewal#signOut})
     */
    public SignedInUser current(HttpSession session) {
        SignedInUser user = SignedInUser.of(session);
        if (user == null || !user.refreshDue(Instant.now(), LogtoConfig.TOKEN_MIN_VALIDITY)) {
            return user;
        }
        synchronized (lockFor(session)) {
            try {
                user = SignedInUser.of(session);
                if (user == null || !user.refreshDue(Instant.now(), LogtoConfig.TOKEN_MIN_VALIDITY)) {
                    return user;
                }
                return refresh(session, user);
            } catch (RefusedException | InvalidIdTokenException e) {
                LOG.warning("Signed out: " + e.getMessage());
                // not invalidated: the request goes on, and may start a new sign-in (SessionRenewal)
                session.removeAttribute(SignedInUser.ATTRIBUTE);
                return null;
            } catch (ProviderException e) {
                LOG.warning("Token refresh failed, the session goes on with its tokens: " + e.getMessage());
                return user;
            } catch (IllegalStateException endedMeanwhile) {
                return null;
            }
        }
    }

    private SignedInUser refresh(HttpSession session, SignedInUser user) throws ProviderException,
            InvalidIdTokenException {
        TokenClient.Tokens tokens = client.refresh(tokenEndpoint(), user.refreshToken().orElseThrow(), Map.of());
        JWTClaimsSet claims = idTokens.verifyRefreshed(tokens.idToken(), user.subject());
        // roles: the caller's groups, as callerGroupsClaim says; an ID token without the claim keeps the old ones
        Optional<Set<String>> roles = claims.getClaim("roles") instanceof List<?> list
                ? Optional.of(list.stream().map(String::valueOf).collect(Collectors.toSet())) : Optional.empty();
        SignedInUser refreshed = user.refreshed(tokens, claims.getExpirationTime().toInstant(), roles);
        refreshed.storeIn(session);
        return refreshed;
    }

    /**
     * An access token for an API or an organization, cached in the session under {@code key} until shortly before
     * it expires, else obtained with the refresh-token grant and {@code parameters} ({@code resource=...} or
     * {@code organization_id=...}).
     *
     * @throws ProviderException when Logto cannot be reached or refuses (e.g. the grant was revoked)
     * @throws IllegalStateException when nobody is signed in, or the session has no refresh token
     */
    public String apiToken(HttpSession session, String key, Map<String, String> parameters) throws ProviderException {
        Optional<String> cached = SignedInUser.required(session).apiToken(key, Instant.now());
        if (cached.isPresent()) {
            return cached.get();
        }
        synchronized (lockFor(session)) {
            SignedInUser user = SignedInUser.required(session);
            cached = user.apiToken(key, Instant.now());
            if (cached.isPresent()) {
                return cached.get();
            }
            String refreshToken = user.refreshToken().orElseThrow(() -> new IllegalStateException(
                    "No refresh token in this session: keep offline_access in the scopes (logto-oidc.md 3)"));
            TokenClient.Tokens fresh = client.refresh(tokenEndpoint(), refreshToken, parameters);
            Duration lifetime = Duration.between(Instant.now(), fresh.expiresAt());
            Duration early = lifetime.dividedBy(2).compareTo(MAX_EARLY_REFRESH) < 0 ? lifetime.dividedBy(2)
                    : MAX_EARLY_REFRESH;
            user.withApiToken(key, new SignedInUser.ApiToken(fresh.accessToken(), fresh.expiresAt().minus(early)),
                    fresh.refreshToken()).storeIn(session);
            return fresh.accessToken();
        }
    }

    private String tokenEndpoint() throws ProviderException {
        return metadata.endpoint("token_endpoint");
    }

    private Object lockFor(HttpSession session) {
        return locks[Math.floorMod(session.getId().hashCode(), locks.length)];
    }
}
