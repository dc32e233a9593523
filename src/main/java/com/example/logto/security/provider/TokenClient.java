package com.example.logto.security.provider;

import com.example.logto.security.session.SessionTokens;
import com.example.logto.security.provider.ProviderClient.ProviderException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Logto's token endpoint, which this app calls itself with the JDK's HTTP client: the code exchange at sign-in
 * ({@link com.example.logto.security.signin.CallbackSignIn}), and the refresh-token grant to renew the session's
 * tokens, with {@code resource} (RFC 8707) for a JWT access token for one API ({@code typ: at+jwt}, {@code aud} =
 * the indicator), or with {@code organization_id} for an organization token (docs/logto.md §3 and §5).
 *
 * <pre>
 * POST /oidc/token   Authorization: Basic base64(appId:appSecret)
 * grant_type=authorization_code&amp;code=...&amp;code_verifier=...
 *     &amp;redirect_uri=https://app.example.com/api/logto/sign-in-callback
 * grant_type=refresh_token&amp;refresh_token=...&amp;resource=https://api.example.com
 * -&gt; {"access_token":"eyJ...","expires_in":3600,"refresh_token":"...","id_token":"eyJ...",...}
 * </pre>
 *
 * Callers go through {@link SessionTokens}, which serializes these calls per session: Logto revokes the whole
 * grant when a rotated refresh token is used again more than 3 s later.
 */
@ApplicationScoped
public class TokenClient {

    @Inject
    private ProviderClient provider;

    /**
     * A token response; {@code refreshToken} is the one to use next (Logto echoes the old one until it rotates);
     * {@code idToken} is {@code null} when Logto sent none.
     */
    public record Tokens(String accessToken, Instant expiresAt, String refreshToken, String idToken) {
        @Override
        public String toString() {
            return "Tokens[expiresAt=" + expiresAt + "]";
        }
    }

    /** Logto answered the grant with an error (e.g. {@code invalid_grant}: revoked or expired); the grant is over. */
    public static final class RefusedException extends ProviderException {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message, null);
        }
    }

    /**
     * The authorization-code grant (OAuth 2.0, RFC 6749 4.1.3): the code of the callback, with the same
     * {@code redirect_uri} as the authorization request and the PKCE {@code code_verifier} (RFC 7636 4.5) of its
     * challenge. A 200 without an ID token is refused.
     *
     * @throws RefusedException when Logto answers with an OAuth error (HTTP 4xx: a used, expired or foreign code)
     *                          or without the tokens a sign-in needs
     * @throws ProviderException when Logto cannot be reached or fails (timeouts, HTTP 5xx)
     */
    public Tokens exchangeCode(String tokenEndpoint, String code, String redirectUri, String codeVerifier)
            throws ProviderException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("code_verifier", codeVerifier);
        Tokens tokens = grant(tokenEndpoint, form, null);
        if (tokens.idToken() == null) {
            throw new RefusedException("the token endpoint answered without an ID token (is openid in the scopes?)");
        }
        return tokens;
    }

    /**
     * The refresh-token grant, with extra parameters such as {@code resource} or {@code organization_id}.
     *
     * @throws RefusedException when Logto answers with an OAuth error (HTTP 4xx)
     * @throws ProviderException when Logto cannot be reached or fails (timeouts, HTTP 5xx)
     */
    public Tokens refresh(String tokenEndpoint, String refreshToken, Map<String, String> extra)
            throws ProviderException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        form.putAll(extra);
        return grant(tokenEndpoint, form, refreshToken);
    }

    private Tokens grant(String tokenEndpoint, Map<String, String> form, String refreshToken) throws ProviderException {
        Instant sent = Instant.now();
        try {
            HttpResponse<String> response = provider.postForm(tokenEndpoint, form);
            JsonObject json = ProviderClient.readObject(response.body());
            if (response.statusCode() != 200) {
                // error and error_description name the reason (invalid_target, invalid_grant); they hold no token
                String reason = "token endpoint answered HTTP " + response.statusCode() + " "
                        + json.getString("error", "") + ": " + json.getString("error_description", "");
                throw response.statusCode() < 500 ? new RefusedException(reason) : new ProviderException(reason, null);
            }
            if (!(json.get("access_token") instanceof JsonString) || !(json.get("expires_in") instanceof JsonNumber)) {
                throw new ProviderException("the token endpoint answered 200 without access_token and expires_in",
                        null);
            }
            return new Tokens(json.getString("access_token"), sent.plusSeconds(json.getJsonNumber("expires_in")
                    .longValue()), json.getString("refresh_token", refreshToken), json.getString("id_token", null));
        } catch (IOException | RuntimeException e) {
            throw new ProviderException("token request failed: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("token request interrupted", e);
        }
    }
}
