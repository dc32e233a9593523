package com.example.logto.devprovider;

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
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * OpenID Connect Back-Channel Logout 1.0 as Logto (oidc-provider v9) sends it (docs/logto.md §4): a form POST of
 * {@code logout_token=<JWT>} to the client's Back-channel logout URI, expecting 200 or 204.
 *
 * <p>The token: header {@code {"alg":"ES384","typ":"logout+jwt","kid":...}}; claims {@code iss}, {@code aud}
 * (client id), {@code iat}, {@code exp} (iat + 120 s), {@code jti}, {@code sub},
 * {@code events: {"http://schemas.openid.net/event/backchannel-logout":{}}} and, when the client's registration is
 * "session required", {@code sid}, the OP session id that the client's ID tokens then carry too
 * ({@code Client.backchannelLogout}).
 *
 * <p>When an OP session ends at end-session, every client authorized in it that registered a URI gets a token,
 * before the browser is redirected; a client that fails to answer 200/204 is logged and does not stop the sign-out
 * ({@code end_session.js} {@code backchannel.error}).
 */
final class BackChannelLogout {

    static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";
    private static final Logger LOG = Logger.getLogger(BackChannelLogout.class.getName());

    /** A client's Back-channel logout URI and its "Is session required" switch. */
    record Registration(String uri, boolean sessionRequired) {
    }

    private final Map<String, Registration> registrations;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    BackChannelLogout(Map<String, Registration> registrationsByClient) {
        this.registrations = Map.copyOf(registrationsByClient);
    }

    /** Session required: ID tokens and logout tokens of this client carry {@code sid}. */
    boolean sessionRequired(String clientId) {
        return Optional.ofNullable(registrations.get(clientId)).map(Registration::sessionRequired).orElse(false);
    }

    String logoutToken(String issuer, SigningKeys keys, String clientId, String sub, String sid, Instant now) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("aud", clientId);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plusSeconds(120).getEpochSecond());
        claims.put("jti", ProviderStore.randomToken());
        claims.put("sub", sub);
        claims.put("events", Map.of(EVENT, Map.of()));
        if (sessionRequired(clientId)) {
            claims.put("sid", sid);
        }
        return keys.sign(new JOSEObjectType("logout+jwt"), claims);
    }

    /** The end of OP session {@code sid} of user {@code sub}: tells each of {@code clientIds} that registered a URI. */
    void sessionEnded(String issuer, SigningKeys keys, Collection<String> clientIds, String sub, String sid,
                      Instant now) {
        clientIds.stream().filter(registrations::containsKey).forEach(clientId -> {
            try {
                int status = send(clientId, logoutToken(issuer, keys, clientId, sub, sid, now));
                if (status != 200 && status != 204) {
                    LOG.warning("Back-channel logout to " + clientId + ": expected 200 OK, got " + status);
                }
            } catch (IllegalStateException e) {
                LOG.warning(e.getMessage());
            }
        });
    }

    /** POSTs {@code logout_token}; returns the status the client answered. */
    int send(String clientId, String logoutToken) {
        String uri = Optional.ofNullable(registrations.get(clientId)).map(Registration::uri)
                .orElseThrow(() -> new IllegalStateException("Client '" + clientId
                        + "' has no Back-channel logout URI: register one with backChannelLogoutUri()"));
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
