package com.example.logto.account;

import com.example.logto.config.LogtoConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Calls the upstream provider's API ({@code LOGTO_OIDC_CONNECTOR_API_URL}, e.g. its userinfo endpoint) on the
 * user's behalf with the token Logto stored: {@code Authorization: <token_type> <access_token>}
 * (Logto {@code routes/account/third-party-tokens.ts}). The answer is shown; the token is not.
 */
@ApplicationScoped
public class ProviderApi {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_SHOWN = 4000;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Inject
    private LogtoConfig config;

    /** The provider's answer: its status and the start of its body. */
    public record Answer(int status, String body) {

        public int getStatus() {
            return status;
        }

        public String getBody() {
            return body;
        }
    }

    Answer call(ProviderToken token) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(config.getOidcConnectorApiUrl())).timeout(TIMEOUT)
                .header("Authorization", token.type() + " " + token.value()).header("Accept", "application/json")
                .GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String body = response.body() == null ? "" : response.body();
            return new Answer(response.statusCode(), body.length() > MAX_SHOWN ? body.substring(0, MAX_SHOWN) + "…"
                    : body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
