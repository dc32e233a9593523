package com.example.logto.account;

import com.example.logto.config.LogtoConfig;
import com.example.logto.security.provider.ProviderClient.ProviderException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Logto's Account API ({@code <LOGTO_ENDPOINT>/api/my-account}, {@code /api/verifications}), called with the user's
 * opaque Logto access token (Logto {@code middleware/koa-auth/koa-oidc-auth.ts}). Every call is bounded in time; an error answer becomes an
 * {@link AccountApiException} with Logto's {@code code}, an unreachable Logto a {@link ProviderException}.
 * Tokens never appear in an exception message.
 */
@ApplicationScoped
public class AccountApiClient {

    private static final JsonProvider JSON = JsonProvider.provider();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** The header that carries the password verification record (Logto {@code koa-auth/constants.ts}). */
    static final String VERIFICATION_HEADER = "logto-verification-id";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Inject
    private LogtoConfig config;

    AccountProfile profile(String token) throws AccountApiException, ProviderException {
        return AccountAnswers.profile(send("GET", "/api/my-account", token, null, null));
    }

    StepUp verifyPassword(String token, String password) throws AccountApiException, ProviderException {
        return AccountAnswers.verification(send("POST", "/api/verifications/password", token,
                JSON.createObjectBuilder().add("password", password).build(), null));
    }

    /** Step 1 of a link: Logto answers with the provider's authorization URL (it does not check state later). */
    AccountAnswers.SocialStart startSocial(String token, String connectorId, String state)
            throws AccountApiException, ProviderException {
        return AccountAnswers.socialStart(send("POST", "/api/verifications/social", token, JSON.createObjectBuilder()
                .add("connectorId", connectorId).add("state", state)
                .add("redirectUri", config.getLinkCallbackUri()).build(), null));
    }

    /** Step 3: the provider's callback parameters, as strings, go to Logto, which exchanges the code. */
    void verifySocial(String token, String socialRecordId, Map<String, String> callback)
            throws AccountApiException, ProviderException {
        var data = JSON.createObjectBuilder();
        callback.forEach(data::add);
        send("POST", "/api/verifications/social/verify", token, JSON.createObjectBuilder()
                .add("verificationRecordId", socialRecordId).add("connectorData", data).build(), null);
    }

    /** Step 4: the password record in the header, the social record in the body (never swapped, logto#8172). */
    void link(String token, StepUp stepUp, String socialRecordId) throws AccountApiException, ProviderException {
        send("POST", "/api/my-account/identities", token, JSON.createObjectBuilder()
                .add("newIdentifierVerificationRecordId", socialRecordId).build(), stepUp.recordId());
    }

    void unlink(String token, StepUp stepUp, String target) throws AccountApiException, ProviderException {
        send("DELETE", "/api/my-account/identities/" + encode(target), token, null, stepUp.recordId());
    }

    /** The provider's access token from Logto's Secret Vault (refreshed upstream by Logto when it expired). */
    ProviderToken providerToken(String token, String target, long maxSeconds)
            throws AccountApiException, ProviderException {
        return AccountAnswers.providerToken(send("GET", "/api/my-account/identities/" + encode(target)
                + "/access-token", token, null, null), Instant.now(), maxSeconds);
    }

    private JsonObject send(String method, String path, String token, JsonObject body, String verification)
            throws AccountApiException, ProviderException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.getEndpoint() + path))
                .timeout(TIMEOUT).header("Authorization", "Bearer " + token).header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (verification != null) {
            request.header(VERIFICATION_HEADER, verification);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ProviderException("Account API " + method + " " + path + " failed: "
                    + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("Account API call interrupted", e);
        }
        if (response.statusCode() >= 500) {
            throw new ProviderException("Account API " + method + " " + path + " answered HTTP "
                    + response.statusCode(), null);
        }
        JsonObject json = parse(response.body());
        if (response.statusCode() >= 400) {
            throw AccountAnswers.error(response.statusCode(), json);
        }
        return json;
    }

    private static JsonObject parse(String body) {
        if (body == null || body.isBlank()) {
            return JsonValue.EMPTY_JSON_OBJECT; // 204 of link and unlink
        }
        try (var reader = JSON.createReader(new StringReader(body))) {
            return reader.readObject();
        } catch (jakarta.json.JsonException | IllegalStateException e) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
