package com.example.logto.devprovider;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Logto's OIDC social connector ({@code connector-oidc}) pointed at an upstream OpenID provider shaped like this
 * one (endpoints {@code <issuer>/auth}, {@code /token}, {@code /jwks}): the authorization URL with a nonce and
 * {@code prompt=consent}, the code exchange with {@code client_secret_post}, the ID token checked against the JWKS
 * with {@code aud = clientId} and the nonce, and the refresh grant for stored tokens ({@code packages/connectors/connector-oidc/src/}).
 *
 * @param tokenStorage "Store tokens for persistent API access" ({@code enableTokenStorage})
 */
record SocialConnector(String id, String target, String upstreamIssuer, String clientId, String clientSecret,
                       String scope, boolean tokenStorage) {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** What the upstream answered: its user, the ID token's claims, and the token set to store. */
    record Verified(String sub, Map<String, Object> claims, TokenSet tokens) {
    }

    /** A stored token set (Secret Vault); {@code refreshToken} may be {@code null}. */
    record TokenSet(String accessToken, String tokenType, String scope, Instant expiresAt, String refreshToken) {
    }

    String authorizationUri(String redirectUri, String state, String nonce, String customScope) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", clientId);
        query.put("redirect_uri", redirectUri);
        query.put("response_type", "code");
        query.put("scope", customScope != null ? customScope : scope); // connector-oidc: customScope replaces scope
        query.put("state", state);
        query.put("nonce", nonce);
        query.put("prompt", "consent");
        return ProviderExchange.withQuery(upstreamIssuer + "/auth", query);
    }

    /** The code exchange and ID-token check; throws {@link AccountApi.ApiError} as Logto answers. */
    Verified verify(String code, String redirectUri, String nonce, Instant now) {
        Map<String, Object> answer = tokenRequest(Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", redirectUri));
        Map<String, Object> claims = idTokenClaims(answer.get("id_token"), nonce);
        return new Verified(String.valueOf(claims.get("sub")), claims, tokenSet(answer, null, now));
    }

    /** The upstream refresh grant Logto runs for an expired stored token ({@code refreshTokenSetSecret}). */
    TokenSet refresh(TokenSet stored, Instant now) {
        Map<String, Object> answer = tokenRequest(Map.of("grant_type", "refresh_token",
                "refresh_token", stored.refreshToken()));
        if (!(answer.get("id_token") instanceof String)) { // accessTokenResponseGuard requires it (connector-oidc {@code types.ts})
            throw new AccountApi.ApiError(400, "connector.invalid_response", "The response is invalid.");
        }
        return tokenSet(answer, stored.refreshToken(), now);
    }

    private Map<String, Object> tokenRequest(Map<String, String> grant) {
        Map<String, String> form = new LinkedHashMap<>(grant);
        form.put("client_id", clientId);
        form.put("client_secret", clientSecret);
        HttpRequest request = HttpRequest.newBuilder(URI.create(upstreamIssuer + "/token"))
                .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(ProviderExchange.withQuery("", form).substring(1))).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AccountApi.ApiError(400, "connector.general", "General connector error: the provider "
                        + "answered HTTP " + response.statusCode());
            }
            return JSONObjectUtils.parse(response.body());
        } catch (IOException | java.text.ParseException e) {
            throw new AccountApi.ApiError(500, "connector.general", "General connector error: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AccountApi.ApiError(500, "connector.general", "interrupted");
        }
    }

    private Map<String, Object> idTokenClaims(Object idToken, String nonce) {
        try {
            SignedJWT jwt = SignedJWT.parse(String.valueOf(idToken));
            JWKSet keys = JWKSet.load(new URL(upstreamIssuer + "/jwks"));
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            boolean valid = keys.getKeyByKeyId(jwt.getHeader().getKeyID()) != null
                    && jwt.verify(new ECDSAVerifier(keys.getKeyByKeyId(jwt.getHeader().getKeyID()).toECKey()))
                    && upstreamIssuer.equals(claims.getIssuer()) && claims.getAudience().equals(List.of(clientId))
                    && nonce.equals(claims.getClaim("nonce"));
            if (!valid) {
                throw new IllegalArgumentException("signature, issuer, audience or nonce");
            }
            return claims.toJSONObject();
        } catch (Exception e) {
            throw new AccountApi.ApiError(401, "connector.social_id_token_invalid", "Invalid ID token: "
                    + e.getMessage());
        }
    }

    private TokenSet tokenSet(Map<String, Object> answer, String previousRefreshToken, Instant now) {
        Object expiresIn = answer.get("expires_in");
        Object refresh = answer.get("refresh_token");
        return new TokenSet(String.valueOf(answer.get("access_token")), String.valueOf(answer.getOrDefault(
                "token_type", "Bearer")), (String) answer.get("scope"), expiresIn instanceof Number n
                ? now.plusSeconds(n.longValue()) : null, refresh instanceof String r ? r : previousRefreshToken);
    }
}
