package com.example.logto.provision;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
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

/**
 * A small client for Logto's Management API ({@code <endpoint>/api/...}), authenticated as a machine-to-machine
 * application.
 *
 * <p>The access token comes from the client-credentials grant at {@code <endpoint>/oidc/token}, with Basic client
 * authentication, {@code resource} = the Management API's indicator and {@code scope=all} (the one scope of
 * Logto's Management API resource). The indicator is {@code https://default.logto.app/api} for a self-hosted Logto
 * and {@code https://<tenant-id>.logto.app/api} on Logto Cloud ({@link #resourceFor}). Logto answers errors as
 * {@code {"code":"...","message":"..."}}; {@link ApiException} carries both so the report can say what failed.
 *
 * <pre>
 * ManagementApi api = new ManagementApi(endpoint, m2mId, m2mSecret, resource);
 * JsonValue apps = api.get("/applications?types=Traditional");
 * </pre>
 */
final class ManagementApi {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final String endpoint;
    private final String clientId;
    private final String clientSecret;
    private final String resource;
    private String accessToken;

    ManagementApi(String endpoint, String clientId, String clientSecret, String resource) {
        this.endpoint = endpoint;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.resource = resource;
    }

    /** A Logto error answer, or no answer at all ({@code status} 0). The message never contains a secret. */
    static final class ApiException extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        ApiException(String call, int status, String detail) {
            super(call + " failed" + (status > 0 ? " with HTTP " + status : "") + ": " + detail);
            this.status = status;
        }
    }

    /** Logto Cloud tenants are {@code <id>.logto.app}; everything else is a self-hosted Logto (tenant "default"). */
    static String resourceFor(URI endpoint) {
        String host = endpoint.getHost();
        if (host != null && host.endsWith(".logto.app") && host.indexOf('.') == host.length() - ".logto.app".length()) {
            return "https://" + host + "/api";
        }
        return "https://default.logto.app/api";
    }

    JsonValue get(String path) throws ApiException {
        return send("GET", path, null);
    }

    JsonObject post(String path, JsonObject body) throws ApiException {
        return send("POST", path, body).asJsonObject();
    }

    JsonObject patch(String path, JsonObject body) throws ApiException {
        return send("PATCH", path, body).asJsonObject();
    }

    private JsonValue send(String method, String path, JsonObject body) throws ApiException {
        String call = method + " /api" + path;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint + "/api" + path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token()).header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        return parse(call, exchange(call, request.build()));
    }

    private String token() throws ApiException {
        if (accessToken == null) {
            String call = "POST /oidc/token (client credentials of LOGTO_M2M_APP_ID)";
            String basic = Base64.getEncoder().encodeToString(
                    (clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
            String form = "grant_type=client_credentials&resource=" + URLEncoder.encode(resource, StandardCharsets.UTF_8)
                    + "&scope=all";
            HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + "/oidc/token")).timeout(TIMEOUT)
                    .header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build();
            JsonObject answer = parse(call, exchange(call, request)).asJsonObject();
            if (!answer.containsKey("access_token")) {
                throw new ApiException(call, 200, "the answer has no access_token");
            }
            accessToken = answer.getString("access_token");
        }
        return accessToken;
    }

    private HttpResponse<String> exchange(String call, HttpRequest request) throws ApiException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ApiException(call, 0, "Logto did not answer (" + e + "): check LOGTO_ENDPOINT");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(call, 0, "interrupted");
        }
    }

    private static JsonValue parse(String call, HttpResponse<String> response) throws ApiException {
        JsonStructure json = null;
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            json = response.body().isBlank() ? null : reader.read();
        } catch (RuntimeException e) {
            // not JSON: reported below with the status
        }
        if (response.statusCode() / 100 != 2) {
            throw new ApiException(call, response.statusCode(), explain(response.statusCode(), json));
        }
        if (json == null) {
            throw new ApiException(call, response.statusCode(), "the answer is not JSON");
        }
        return json;
    }

    private static String explain(int status, JsonStructure json) {
        String logto = "";
        if (json instanceof JsonObject error) {
            logto = error.containsKey("error") ? error.getString("error", "") + " " + error.getString(
                    "error_description", "") : error.getString("code", "") + " " + error.getString("message", "");
            logto = logto.trim();
        }
        String hint = switch (status) {
            case 401 -> "check LOGTO_M2M_APP_ID and LOGTO_M2M_APP_SECRET (a Machine-to-machine app of this tenant)";
            case 403 -> "assign the role \"Logto Management API access\" to the machine-to-machine app";
            default -> logto.startsWith("invalid_target") ? "set LOGTO_MANAGEMENT_API_RESOURCE to "
                    + "https://<tenant-id>.logto.app/api (Logto Cloud, also behind a custom domain) or "
                    + "https://default.logto.app/api (self-hosted)" : "";
        };
        return (logto.isEmpty() ? "no explanation" : logto) + (hint.isEmpty() ? "" : "; " + hint);
    }
}
