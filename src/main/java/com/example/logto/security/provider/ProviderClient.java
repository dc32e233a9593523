package com.example.logto.security.provider;

import com.example.logto.config.LogtoConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.logging.Logger;

/**
 * The calls to Logto that Soteria does not make: discovery for this app's own use, userinfo on demand, the token
 * endpoint's refresh grant ({@link TokenClient}) and refresh-token revocation at sign-out.
 * One JDK {@link HttpClient} is shared, and every call is bounded in time so a slow tenant cannot hold a
 * request thread.
 */
@ApplicationScoped
public class ProviderClient {

    private static final Logger LOG = Logger.getLogger(ProviderClient.class.getName());
    /** Looked up once: each {@code Json.createX()} call searches the class path for a provider (bench/README.md). */
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Inject
    private LogtoConfig config;

    /** Thrown when a call to Logto fails; the message names the reason, never a token. */
    public static class ProviderException extends Exception {
        private static final long serialVersionUID = 1L;

        public ProviderException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** {@code GET /oidc/me} with the opaque access token: every claim of the granted scopes (docs/logto.md §2). */
    public JsonObject userInfo(String userinfoEndpoint, String accessToken) throws ProviderException {
        return getObject("userinfo", HttpRequest.newBuilder(URI.create(userinfoEndpoint))
                .header("Authorization", "Bearer " + accessToken));
    }

    /** {@code GET <issuer>/.well-known/openid-configuration} (OpenID Connect Discovery 1.0, 4). */
    JsonObject discovery() throws ProviderException {
        return getObject("discovery", HttpRequest.newBuilder(
                URI.create(config.getIssuer() + "/.well-known/openid-configuration")));
    }

    private JsonObject getObject(String what, HttpRequest.Builder request) throws ProviderException {
        try {
            HttpResponse<String> response = http.send(request.timeout(TIMEOUT).header("Accept", "application/json")
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new ProviderException(what + " answered HTTP " + response.statusCode(), null);
            }
            return readObject(response.body());
        } catch (IOException | RuntimeException e) {
            throw new ProviderException(what + " failed: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(what + " interrupted", e);
        }
    }

    /**
     * Revokes a refresh token (RFC 7009). Logto keeps {@code offline_access} grants alive through end-session,
     * so without this a signed-out user's refresh token would stay valid for 14 days (docs/logto.md §4).
     * Failures are logged and otherwise ignored, as {@code @logto/next} does: sign-out must go on.
     */
    public void revoke(String revocationEndpoint, String refreshToken) {
        try {
            int status = postForm(revocationEndpoint, Map.of("token", refreshToken, "token_type_hint", "refresh_token"))
                    .statusCode();
            if (status != 200) {
                LOG.warning("Refresh token revocation answered HTTP " + status);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warning("Refresh token revocation failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * POSTs {@code form} with this app's client authentication, for the token and revocation endpoints; bounded in
     * time like every call here.
     */
    HttpResponse<String> postForm(String endpoint, Map<String, String> form) throws IOException, InterruptedException {
        String body = form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint)).timeout(TIMEOUT)
                .header("Authorization", basicAuthorization())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Parses a JSON object with the provider looked up once. */
    public static JsonObject readObject(String json) {
        try (JsonReader reader = JSON.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    /** client_secret_basic, what Logto registers for a Traditional web app (RFC 6749 2.3.1: form-encode first). */
    private String basicAuthorization() {
        String credentials = encode(config.getAppId()) + ":" + encode(config.getAppSecret());
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
