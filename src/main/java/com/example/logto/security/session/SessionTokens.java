package com.example.logto.security.session;

import com.example.logto.security.provider.ProviderMetadata;
import com.example.logto.security.provider.TokenClient;
import com.example.logto.security.token.IdTokenVerifier;
import com.example.logto.config.LogtoConfig;
import com.example.logto.security.token.IdTokenVerifier.InvalidIdTokenException;
import com.example.logto.security.provider.ProviderClient.ProviderException;
import com.example.logto.security.provider.TokenClient.RefusedException;
import com.nimbusds.jwt.JWTClaimsSet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * The refresh-token grants of signed-in sessions: renewing the session's tokens shortly before they expire (what
 * Soteria's {@code tokenAutoRefresh} would do, but on state every cluster member can read), and access tokens for
 * APIs and organizations ({@link ResourceAccessTokens}).
 *
 * <pre>
 * SignedInUser user = tokens.current(session);     // renewed first when due; null: nobody, or Logto refused
 * String jwt = tokens.apiToken(session, "resource https://api.example.com", Map.of("resource", "https://api.example.com"));
 * </pre>
 *
 * <p><b>Single flight, bounded waits.</b> Every grant of a session runs under one lock, and the session's
 * {@link SignedInUser} is read again once the lock is held, so a request that waited uses what the first one
 * obtained, and no refresh token is ever sent twice at once (docs/logto.md §11.11). A request that needs a renewal
 * waits for the lock at most {@link LogtoConfig#REFRESH_LOCK_WAIT}, then goes on with the tokens it has; one that
 * needs an API token, which it cannot do without, at most {@link LogtoConfig#API_TOKEN_LOCK_WAIT}
 * ({@link SessionLocks}). So only the request that calls Logto waits for Logto, whatever its pace.
 *
 * <p><b>Logto slow or down.</b> A call that fails (timeout after 5 s, refused connection, HTTP 5xx) is recorded in
 * the session ({@link RefreshBackoff}): until the retry time, 5 s doubling to 2 min, no request of the session
 * calls Logto. The user goes on with the tokens held, also once they have expired: pages and
 * {@code /api/logto/user} answer as signed in (with the claims of the last verified ID token), while userinfo and
 * new API tokens answer 502 until Logto is back. Only Logto can end the session then: a refused refresh (grant
 * revoked, refresh token expired) or a back-channel logout, else the HTTP session's timeout.
 *
 * <p><b>Rotation, and keeping what Logto granted.</b> The refresh token of each response replaces the session's:
 * Logto echoes the old one to a confidential client until 70 % of its 14-day TTL has passed, then returns a new one,
 * and revokes the whole grant when a replaced token comes back more than 3 s later (docs/logto.md §3). So a response
 * is stored even when its ID token cannot be checked yet because Logto's keys cannot be fetched: the ID token waits
 * aside ({@link SignedInUser#unverifiedIdToken}) and its check is retried as a renewal, without a new grant; an ID
 * token that fails its check for a real reason ends the session. Two members of a cluster can only both refresh a
 * session when one browser sends parallel requests to both within that window.
 */
@ApplicationScoped
public class SessionTokens {

    private static final Logger LOG = Logger.getLogger(SessionTokens.class.getName());
    private static final Duration MAX_EARLY_REFRESH = Duration.ofSeconds(30);

    private final SessionLocks locks = new SessionLocks();

    @Inject
    private TokenClient client;

    @Inject
    private ProviderMetadata metadata;

    @Inject
    private IdTokenVerifier idTokens;

    public SessionTokens() {
    }

    SessionTokens(TokenClient client, ProviderMetadata metadata, IdTokenVerifier idTokens) {
        this.client = client;
        this.metadata = metadata;
        this.idTokens = idTokens;
    }

    /**
     * The session's signed-in user, with tokens refreshed first if they expire within
     * {@link LogtoConfig#TOKEN_MIN_VALIDITY}. If Logto cannot be reached, or another request of the session is
     * renewing them, the user goes on with the tokens held.
     *
     * @return {@code null} when nobody is signed in, or when Logto refused the refresh or sent an ID token that
     *         fails verification: the user has then left the session, and the caller renews its id
     *         ({@link SessionRenewal#signOut})
     */
    public SignedInUser current(HttpSession session) {
        SignedInUser user = SignedInUser.of(session);
        if (user == null || !user.needsRenewal(Instant.now(), LogtoConfig.TOKEN_MIN_VALIDITY)
                || RefreshBackoff.waiting(session, Instant.now())) {
            return user;
        }
        ReentrantLock lock = locks.tryLock(session, LogtoConfig.REFRESH_LOCK_WAIT);
        if (lock == null) {
            return user; // another request of this session is asking Logto: go on with the tokens held
        }
        try {
            user = SignedInUser.of(session);
            Instant now = Instant.now();
            if (user == null || !user.needsRenewal(now, LogtoConfig.TOKEN_MIN_VALIDITY)
                    || RefreshBackoff.waiting(session, now)) {
                return user;
            }
            SignedInUser renewed = user.refreshDue(now, LogtoConfig.TOKEN_MIN_VALIDITY) ? refresh(session, user)
                    : verifyWaitingIdToken(session, user);
            RefreshBackoff.clear(session);
            return renewed;
        } catch (RefusedException | InvalidIdTokenException e) {
            LOG.warning("Signed out: " + e.getMessage());
            // not invalidated: the request goes on, and may start a new sign-in (SessionRenewal)
            session.removeAttribute(SignedInUser.ATTRIBUTE);
            return null;
        } catch (ProviderException e) {
            return goOnWithoutLogto(session, e);
        } catch (IllegalStateException endedMeanwhile) {
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Records the failure and returns the tokens held, which the failed refresh may have renewed in part. */
    private static SignedInUser goOnWithoutLogto(HttpSession session, ProviderException e) {
        try {
            LOG.warning("Token refresh failed, the session goes on with its tokens until "
                    + RefreshBackoff.failed(session, Instant.now()) + ": " + e.getMessage());
            return SignedInUser.of(session);
        } catch (IllegalStateException endedMeanwhile) {
            return null;
        }
    }

    private SignedInUser refresh(HttpSession session, SignedInUser user) throws ProviderException,
            InvalidIdTokenException {
        TokenClient.Tokens tokens = client.refresh(tokenEndpoint(), user.refreshToken().orElseThrow(), Map.of());
        JWTClaimsSet claims;
        try {
            claims = idTokens.verifyRefreshed(tokens.idToken(), user.subject());
        } catch (ProviderException keysUnavailable) {
            user.refreshedUnverified(tokens).storeIn(session); // Logto granted: keep its refresh token
            throw keysUnavailable;
        }
        SignedInUser refreshed = user.refreshed(tokens, claims.getExpirationTime().toInstant(),
                IdTokenVerifier.roles(claims)); // an ID token without the claim keeps the old roles
        refreshed.storeIn(session);
        return refreshed;
    }

    /** The check of an ID token a refresh brought while Logto's keys could not be fetched, tried again. */
    private SignedInUser verifyWaitingIdToken(HttpSession session, SignedInUser user) throws ProviderException,
            InvalidIdTokenException {
        JWTClaimsSet claims = idTokens.verifyRefreshed(user.unverifiedIdToken().orElseThrow(), user.subject());
        SignedInUser verified = user.verified(IdTokenVerifier.roles(claims));
        verified.storeIn(session);
        return verified;
    }

    /**
     * An access token for an API or an organization, cached in the session under {@code key} until shortly before
     * it expires, else obtained with the refresh-token grant and {@code parameters} ({@code resource=...} or
     * {@code organization_id=...}).
     *
     * @throws ProviderException when Logto cannot be reached (now, or a moment ago: {@link RefreshBackoff}), another
     *         token request of the session takes too long, or Logto refuses (e.g. the grant was revoked)
     * @throws IllegalStateException when nobody is signed in, or the session has no refresh token
     */
    public String apiToken(HttpSession session, String key, Map<String, String> parameters) throws ProviderException {
        Optional<String> cached = SignedInUser.required(session).apiToken(key, Instant.now());
        if (cached.isPresent()) {
            return cached.get();
        }
        ReentrantLock lock = locks.tryLock(session, LogtoConfig.API_TOKEN_LOCK_WAIT);
        if (lock == null) {
            throw new ProviderException("another token request of this session is still waiting for Logto", null);
        }
        try {
            SignedInUser user = SignedInUser.required(session);
            cached = user.apiToken(key, Instant.now());
            if (cached.isPresent()) {
                return cached.get();
            }
            if (RefreshBackoff.waiting(session, Instant.now())) {
                throw new ProviderException("Logto could not be reached a moment ago; not asked again yet", null);
            }
            String refreshToken = user.refreshToken().orElseThrow(() -> new IllegalStateException(
                    "No refresh token in this session: keep offline_access in the scopes (docs/logto.md §3)"));
            TokenClient.Tokens fresh = grant(session, refreshToken, parameters);
            Duration lifetime = Duration.between(Instant.now(), fresh.expiresAt());
            Duration early = lifetime.dividedBy(2).compareTo(MAX_EARLY_REFRESH) < 0 ? lifetime.dividedBy(2)
                    : MAX_EARLY_REFRESH;
            user.withApiToken(key, new SignedInUser.ApiToken(fresh.accessToken(), fresh.expiresAt().minus(early)),
                    fresh.refreshToken()).storeIn(session);
            return fresh.accessToken();
        } finally {
            lock.unlock();
        }
    }

    /** The refresh grant for an API token; a failure to reach Logto is recorded, a refusal is not. */
    private TokenClient.Tokens grant(HttpSession session, String refreshToken, Map<String, String> parameters)
            throws ProviderException {
        try {
            TokenClient.Tokens tokens = client.refresh(tokenEndpoint(), refreshToken, parameters);
            RefreshBackoff.clear(session);
            return tokens;
        } catch (RefusedException e) {
            throw e;
        } catch (ProviderException e) {
            RefreshBackoff.failed(session, Instant.now());
            throw e;
        }
    }

    private String tokenEndpoint() throws ProviderException {
        return metadata.endpoint("token_endpoint");
    }
}
