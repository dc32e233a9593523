package com.example.logto.provision;

import com.example.logto.provision.ConnectorFile.Problem;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --check-discovery}: fetches the upstream provider's discovery document
 * ({@code <issuer>/.well-known/openid-configuration}, OIDC Discovery 4) and checks that the connector file agrees
 * with it: issuer, authorization, token and JWKS endpoints, the token endpoint auth method (default
 * {@code client_secret_basic} when the document lists none, RFC 8414 2) and the ID token algorithms.
 */
final class DiscoveryCheck {

    private DiscoveryCheck() {
    }

    static List<Problem> check(JsonObject config) {
        JsonObject idToken = config.getJsonObject("idTokenVerificationConfig");
        if (!(idToken.get("issuer") instanceof JsonString issuer)) {
            return List.of(new Problem("$.config.idTokenVerificationConfig.issuer", "is needed to find the discovery "
                    + "document: set it to the provider's issuer (Logto then also checks the ID token's iss)"));
        }
        String url = issuer.getString().replaceAll("/+$", "") + "/.well-known/openid-configuration";
        JsonObject document;
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                    .send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode());
            }
            try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
                document = reader.readObject();
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return List.of(new Problem("$.config.idTokenVerificationConfig.issuer", "no discovery document at " + url
                    + " (" + e.getMessage() + "): check the issuer, or run without --check-discovery"));
        }
        List<Problem> problems = new ArrayList<>();
        same(problems, "$.config.idTokenVerificationConfig.issuer", issuer.getString(), document, "issuer");
        same(problems, "$.config.authorizationEndpoint", config.getString("authorizationEndpoint"), document,
                "authorization_endpoint");
        same(problems, "$.config.tokenEndpoint", config.getString("tokenEndpoint"), document, "token_endpoint");
        same(problems, "$.config.idTokenVerificationConfig.jwksUri", idToken.getString("jwksUri"), document,
                "jwks_uri");
        String method = config.getString("tokenEndpointAuthMethod", "client_secret_post");
        List<String> methods = strings(document.get("token_endpoint_auth_methods_supported"),
                List.of("client_secret_basic"));
        if (!methods.contains(method)) {
            problems.add(new Problem("$.config.tokenEndpointAuthMethod", "\"" + method + "\" is not supported by the "
                    + "provider: use one of " + methods));
        }
        if (idToken.get("algorithms") instanceof JsonArray algorithms) {
            List<String> supported = strings(document.get("id_token_signing_alg_values_supported"), List.of());
            for (int i = 0; i < algorithms.size(); i++) {
                if (!supported.contains(algorithms.getString(i))) {
                    problems.add(new Problem("$.config.idTokenVerificationConfig.algorithms[" + i + "]",
                            "the provider signs ID tokens with " + supported + " only"));
                }
            }
        }
        return problems;
    }

    private static void same(List<Problem> problems, String path, String value, JsonObject document, String field) {
        String expected = document.getString(field, null);
        if (!value.equals(expected)) {
            problems.add(new Problem(path, "differs from the provider's " + field + ": write \"" + expected + "\""));
        }
    }

    private static List<String> strings(JsonValue value, List<String> fallback) {
        if (value instanceof JsonArray array) {
            return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
        }
        return fallback;
    }
}
