package com.example.logto.devprovider;

import com.example.logto.devprovider.AccountApi.ApiError;
import com.example.logto.devprovider.SocialConnector.TokenSet;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logto's Secret Vault for social identities (Logto {@code libraries/social.ts}): the provider's token set, stored when an identity
 * is linked through a connector with token storage, deleted with the identity, and handed out by
 * {@code GET /api/my-account/identities/:target/access-token} ({@code routes/account/third-party-tokens.ts}).
 */
final class SecretVault {

    private final Map<String, TokenSet> sets = new ConcurrentHashMap<>();

    void store(String sub, String target, TokenSet tokens) {
        sets.put(sub + " " + target, tokens);
    }

    /** The DB trigger {@code delete_secrets_before_social_identity_delete}. */
    void delete(String sub, String target) {
        sets.remove(sub + " " + target);
    }

    void expire(String sub, String target, Instant now, boolean keepRefreshToken) {
        sets.computeIfPresent(sub + " " + target, (k, t) -> new TokenSet(t.accessToken(), t.tokenType(), t.scope(),
                now.minusSeconds(1), keepRefreshToken ? t.refreshToken() : null));
    }

    /** The stored token, refreshed upstream when expired, else deleted with a 401. */
    Map<String, Object> accessToken(String sub, SocialConnector connector, Instant now) {
        String key = sub + " " + connector.target();
        TokenSet stored = sets.get(key);
        if (stored == null) {
            throw new ApiError(404, "secrets.third_party_token_set.token_not_found", "Token set not found.");
        }
        if (stored.expiresAt() != null && !now.isBefore(stored.expiresAt())) {
            if (stored.refreshToken() == null) {
                sets.remove(key);
                throw new ApiError(401, "secrets.third_party_token_set.access_token_expired",
                        "The access token has expired and no refresh token is available.");
            }
            stored = connector.refresh(stored, now);
            sets.put(key, stored);
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
