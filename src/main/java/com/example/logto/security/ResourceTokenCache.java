package com.example.logto.security;

import com.example.logto.security.ProviderClient.ProviderException;
import jakarta.enterprise.context.SessionScoped;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The access tokens this session already holds, per API resource (or organization), until shortly before they
 * expire, and the newest refresh token.
 *
 * <p>Refreshes are single flight: one lock per session serializes every refresh grant, and a request that waited
 * uses the token the first one obtained. Twenty parallel page requests thus cost one call to Logto, and no
 * refresh token is ever sent twice at once (logto-oidc.md 11.13).
 *
 * <p><b>Rotation.</b> Logto echoes the same refresh token to a confidential client until 70 % of its 14-day TTL
 * has passed, then returns a new one (logto-oidc.md 3). Soteria's {@code OpenIdContext} cannot be given that new
 * token through the API, so it is kept here and preferred while Soteria still holds the one it replaced. Soteria's
 * own automatic refresh would still send the replaced token, and Logto revokes the whole grant when a replaced
 * token comes back after 3 s: the user then has to sign in again. With a one-hour HTTP session this needs a
 * session kept busy for about ten days; see the README.
 */
@SessionScoped
public class ResourceTokenCache implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Duration MAX_EARLY_REFRESH = Duration.ofSeconds(30);

    private final Map<String, Cached> tokens = new ConcurrentHashMap<>();
    private String replacedRefreshToken;
    private String newestRefreshToken;

    private record Cached(String value, Instant refreshAfter) implements Serializable {
    }

    /** Obtains a token with a refresh token; the single call that may reach Logto. */
    @FunctionalInterface
    public interface Refresh {
        TokenClient.Tokens with(String refreshToken) throws ProviderException;
    }

    /**
     * The cached token for {@code key}, or one obtained by {@code refresh} with the newest refresh token known.
     *
     * @param soteriaRefreshToken what Soteria's {@code OpenIdContext} holds now
     */
    public String get(String key, String soteriaRefreshToken, Refresh refresh) throws ProviderException {
        Cached cached = tokens.get(key);
        if (cached != null && Instant.now().isBefore(cached.refreshAfter())) {
            return cached.value();
        }
        synchronized (tokens) {
            cached = tokens.get(key);
            if (cached != null && Instant.now().isBefore(cached.refreshAfter())) {
                return cached.value();
            }
            String refreshToken = soteriaRefreshToken.equals(replacedRefreshToken) ? newestRefreshToken
                    : soteriaRefreshToken;
            TokenClient.Tokens fresh = refresh.with(refreshToken);
            if (!fresh.refreshToken().equals(refreshToken)) {
                replacedRefreshToken = soteriaRefreshToken;
                newestRefreshToken = fresh.refreshToken();
            }
            Duration lifetime = Duration.between(Instant.now(), fresh.expiresAt());
            Duration early = lifetime.dividedBy(2).compareTo(MAX_EARLY_REFRESH) < 0 ? lifetime.dividedBy(2)
                    : MAX_EARLY_REFRESH;
            tokens.put(key, new Cached(fresh.accessToken(), fresh.expiresAt().minus(early)));
            return fresh.accessToken();
        }
    }

    /** Never prints a token. */
    @Override
    public String toString() {
        return "ResourceTokenCache" + tokens.keySet();
    }
}
