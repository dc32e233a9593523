package com.example.logto.provision;

import com.example.logto.provision.ConnectorFile.Problem;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonValue.ValueType;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Rules for the two nested objects of the OIDC connector's config: {@code idTokenVerificationConfig} (passed to
 * jose's {@code jwtVerify}, {@code idTokenVerificationConfigGuard}) and {@code authRequestOptionalConfig}
 * ({@code authRequestOptionalConfigGuard}: eight optional strings, snake_cased into the authorization URL).
 */
final class VerificationRules extends JsonChecks {

    private static final Set<String> ID_TOKEN = Set.of("jwksUri", "issuer", "audience", "algorithms",
            "clockTolerance", "crit", "currentDate", "maxTokenAge", "subject", "typ");
    private static final Set<String> AUTH_REQUEST = Set.of("responseMode", "display", "prompt", "maxAge",
            "uiLocales", "idTokenHint", "loginHint", "acrValues");
    /** Asymmetric JWS algorithms (RFC 7518 3.1, RFC 8037): verifiable with the provider's JWKS. */
    private static final List<String> ID_TOKEN_ALGORITHMS = List.of("RS256", "RS384", "RS512", "PS256", "PS384",
            "PS512", "ES256", "ES384", "ES512", "EdDSA");
    private static final Set<String> PROMPTS = Set.of("none", "login", "consent", "select_account"); // OIDC Core 3.1.2.1
    private static final Set<String> DISPLAYS = Set.of("page", "popup", "touch", "wap");
    private static final Set<String> RESPONSE_MODES = Set.of("query", "form_post");

    VerificationRules(List<Problem> problems) {
        super(problems);
    }

    void idTokenVerification(JsonObject idToken, String path) {
        known(idToken, path, ID_TOKEN);
        url(idToken, path, "jwksUri", true);
        if (idToken.containsKey("issuer")) {
            stringOrStrings(idToken, path, "issuer", "the provider's issuer, e.g. \"https://accounts.example.com\"");
        }
        if (idToken.containsKey("audience")) {
            add(path + ".audience", "is ignored: Logto always checks the ID token's aud against clientId; remove it");
        }
        if (idToken.containsKey("algorithms")) {
            JsonValue algorithms = idToken.get("algorithms");
            if (algorithms.getValueType() != ValueType.ARRAY || algorithms.asJsonArray().isEmpty()) {
                add(path + ".algorithms", "must be a non-empty array, e.g. [\"RS256\"]");
            } else {
                for (int i = 0; i < algorithms.asJsonArray().size(); i++) {
                    JsonValue alg = algorithms.asJsonArray().get(i);
                    if (!(alg instanceof JsonString s) || !ID_TOKEN_ALGORITHMS.contains(s.getString())) {
                        add(path + ".algorithms[" + i + "]", "must be one of " + String.join(", ", ID_TOKEN_ALGORITHMS)
                                + " (keys come from jwksUri, so no HS* or none)");
                    }
                }
            }
        }
        timeSpan(idToken, path, "clockTolerance");
        timeSpan(idToken, path, "maxTokenAge");
        JsonObject crit = object(idToken, path, "crit", false);
        if (crit != null) {
            crit.forEach((name, value) -> {
                if (value.getValueType() != ValueType.TRUE && value.getValueType() != ValueType.FALSE) {
                    add(path + ".crit." + name, "must be true or false");
                }
            });
        }
        if (idToken.containsKey("currentDate")) {
            add(path + ".currentDate", "cannot be set from JSON (Logto expects a Date object and rejects the config); "
                    + "remove it: the current time is used");
        }
        string(idToken, path, "subject", false);
        string(idToken, path, "typ", false);
    }

    void authRequest(JsonObject authRequest, String path) {
        known(authRequest, path, AUTH_REQUEST);
        for (String key : AUTH_REQUEST) {
            string(authRequest, path, key, false);
        }
        if (authRequest.get("maxAge") instanceof JsonNumber number) {
            problems.removeIf(p -> p.path().equals(path + ".maxAge"));
            add(path + ".maxAge", "must be a string of seconds: write \"" + number + "\"");
        } else if (authRequest.get("maxAge") instanceof JsonString s && !s.getString().matches("\\d+")) {
            add(path + ".maxAge", "must be a whole number of seconds, e.g. \"3600\"");
        }
        if (authRequest.get("prompt") instanceof JsonString s) {
            List<String> values = Arrays.asList(s.getString().trim().split(" +"));
            if (!PROMPTS.containsAll(values) || values.contains("none") && values.size() > 1) {
                add(path + ".prompt", "must be \"none\" alone or space-separated values of login, consent, "
                        + "select_account (OIDC Core 3.1.2.1)");
            }
        }
        if (authRequest.get("display") instanceof JsonString s && !DISPLAYS.contains(s.getString())) {
            add(path + ".display", "must be one of page, popup, touch, wap");
        }
        if (authRequest.get("responseMode") instanceof JsonString s && !RESPONSE_MODES.contains(s.getString())) {
            add(path + ".responseMode", "must be \"query\" or \"form_post\" (Logto receives the code at its callback)");
        }
    }
}
