package com.example.logto.security;

import com.example.logto.security.ProviderClient.ProviderException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Logto's token endpoint for what Soteria never asks: the refresh-token grant with {@code resource} (RFC 8707),
 * which returns a JWT access token for one API ({@code typ: at+jwt}, {@code aud} = the indicator), or with
 * {@code organization_id} for an organization token (logto-oidc.md 3 and 5).
 *
 * <pre>
 * POST /oidc/token   Authorization: Basic base64(appId:appSecret)
 * grant_type=refresh_token&amp;refresh_token=...&amp;resource=https://api.example.com
 * -&gt; {"access_token":"eyJ...","expires_in":3600,"refresh_token":"...","scope":"read:orders",...}
 * </pre>
 *
 * Callers go through {@link ResourceTokenCache}, which serializes these calls per session: Logto revokes the whole
 * grant when a rotated refresh token is used again more than 3 s later.
 */
@ApplicationScoped
public class TokenClient {

    @Inject
    private ProviderClient provider;

    /** A token response; {@code refreshToken} is the one to use next (Logto echoes the old one until it rotates). */
    public record Tokens(String accessToken, Instant expiresAt, String refreshToken) {
        @Override
        public String toString() {
            return "Tokens[expiresAt=" + expiresAt + "]";
        }
    }

    /** The refresh-token grant with one extra parameter, e.g. {@code resource} or {@code organization_id}. */
    public Tokens refresh(String tokenEndpoint, String refreshToken, String parameter, String value)
            throws ProviderException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        form.put(parameter, value);
        Instant sent = Instant.now();
        try {
            HttpResponse<String> response = provider.postForm(tokenEndpoint, form);
            JsonObject json = ProviderClient.readObject(response.body());
            if (response.statusCode() != 200) {
                // error and error_description name the reason (invalid_target, invalid_grant); they hold no token
                throw new ProviderException("token endpoint answered HTTP " + response.statusCode() + " "
                        + json.getString("error", "") + ": " + json.getString("error_description", ""), null);
            }
            return new Tokens(json.getString("access_token"), sent.plusSeconds(json.getJsonNumber("expires_in")
                    .longValue()), json.getString("refresh_token", refreshToken));
        } catch (IOException | RuntimeException e) {
            throw new ProviderException("token request failed: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("token request interrupted", e);
        }
    }
}
