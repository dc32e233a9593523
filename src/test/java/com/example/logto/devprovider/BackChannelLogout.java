package com.example.logto.devprovider;

import com.example.logto.devprovider.ProviderStore.Grant;
import com.nimbusds.jose.JOSEObjectType;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * OpenID Connect Back-Channel Logout 1.0 as Logto (oidc-provider v9) sends it (logto-oidc.md 4): a form POST of
 * {@code logout_token=<JWT>} to the client's Back-channel logout URI, expecting 200 or 204.
 *
 * <p>The token: header {@code {"alg":"ES384","typ":"logout+jwt","kid":...}}; claims {@code iss}, {@code aud}
 * (client id), {@code iat}, {@code exp} (iat + 120 s), {@code jti}, {@code sub},
 * {@code events: {"http://schemas.openid.net/event/backchannel-logout":{}}} and, because a registered URI here is
 * "session required", {@code sid}, the OP session id that the client's ID tokens carry too.
 */
final class BackChannelLogout {

    static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";

    private final Map<String, String> uris;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    BackChannelLogout(Map<String, String> urisByClient) {
        this.uris = Map.copyOf(urisByClient);
    }

    /** Session required: ID tokens of this client carry {@code sid}. */
    boolean sessionRequired(String clientId) {
        return uris.containsKey(clientId);
    }

    String logoutToken(String issuer, SigningKeys keys, Grant grant, Instant now) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("aud", grant.clientId());
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plusSeconds(120).getEpochSecond());
        claims.put("jti", ProviderStore.randomToken());
        claims.put("sub", grant.sub());
        claims.put("events", Map.of(EVENT, Map.of()));
        claims.put("sid", grant.sessionId());
        return keys.sign(new JOSEObjectType("logout+jwt"), claims);
    }

    /** POSTs {@code logout_token}; returns the status the client answered. */
    int send(String clientId, String logoutToken) {
        String uri = Optional.ofNullable(uris.get(clientId)).orElseThrow(() -> new IllegalStateException(
                "Client '" + clientId + "' has no Back-channel logout URI: register one with backChannelLogoutUri()"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("logout_token="
                        + URLEncoder.encode(logoutToken, StandardCharsets.UTF_8))).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new IllegalStateException("Back-channel logout to " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
