package com.example.logto.provision;

import com.example.logto.provision.ConnectorFile.Problem;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonValue.ValueType;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks a connector file against the schema of {@code @logto/connector-oidc} 1.7.5 ({@code oidcConnectorConfigGuard}
 * = {@code oauth2ConfigGuard} + OIDC fields; logto-oidc.md 9) and of Logto's connector metadata, and collects every
 * problem with its JSON path and what to write instead.
 *
 * <p>Stricter than Logto where Logto would accept a file that cannot work: Logto's zod guards strip unknown keys
 * silently (a misspelt {@code authRequestOptionalConfig} key is simply lost), append {@code openid} to the scope,
 * overwrite {@code audience} with the client id, and a JSON {@code currentDate} can never be the {@code Date}
 * its guard wants. Those are reported here instead of surfacing as a failed sign-in.
 */
final class ConnectorRules {

    private static final Set<String> ROOT = Set.of("connectorId", "metadata", "config", "syncProfile",
            "enableTokenStorage", "addToSignInExperience");
    private static final Set<String> METADATA = Set.of("target", "name", "logo", "logoDark");
    private static final Set<String> CONFIG = Set.of("responseType", "grantType", "authorizationEndpoint",
            "tokenEndpoint", "clientId", "clientSecret", "tokenEndpointAuthMethod", "clientSecretJwtSigningAlgorithm",
            "scope", "acceptStringTypedBooleanClaims", "trustUnverifiedEmail", "idTokenVerificationConfig",
            "authRequestOptionalConfig", "customConfig");
    private static final Set<String> ID_TOKEN = Set.of("jwksUri", "issuer", "audience", "algorithms",
            "clockTolerance", "crit", "currentDate", "maxTokenAge", "subject", "typ");
    private static final Set<String> AUTH_REQUEST = Set.of("responseMode", "display", "prompt", "maxAge",
            "uiLocales", "idTokenHint", "loginHint", "acrValues");
    private static final List<String> AUTH_METHODS = List.of("client_secret_post", "client_secret_basic",
            "client_secret_jwt");
    private static final List<String> HMAC_ALGORITHMS = List.of("HS256", "HS384", "HS512");
    /** Asymmetric JWS algorithms (RFC 7518 3.1, RFC 8037): verifiable with the provider's JWKS. */
    private static final List<String> ID_TOKEN_ALGORITHMS = List.of("RS256", "RS384", "RS512", "PS256", "PS384",
            "PS512", "ES256", "ES384", "ES512", "EdDSA");
    private static final Set<String> PROMPTS = Set.of("none", "login", "consent", "select_account"); // OIDC Core 3.1.2.1
    private static final Set<String> DISPLAYS = Set.of("page", "popup", "touch", "wap");
    private static final Set<String> RESPONSE_MODES = Set.of("query", "form_post");
    private static final Pattern TARGET = Pattern.compile("[A-Za-z0-9._-]{1,128}"); // usable in social:<target>
    private static final Pattern LANGUAGE_TAG = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*");
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+"); // RFC 6749 3.3
    private static final Pattern TIME_SPAN = Pattern.compile(
            "[+-]?\\d+(\\.\\d+)? ?(s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days"
                    + "|w|week|weeks|y|yr|yrs|year|years)( ago| from now)?"); // jose secs()

    private final Function<String, String> environment;
    private final List<Problem> problems = new ArrayList<>();

    ConnectorRules(Function<String, String> environment) {
        this.environment = environment;
    }

    List<Problem> check(JsonValue root) {
        if (!(root instanceof JsonObject file)) {
            return List.of(new Problem("$", "must be an object: {\"metadata\": {...}, \"config\": {...}}"));
        }
        known(file, "$", ROOT);
        literal(file, "$", "connectorId", ConnectorFile.CONNECTOR_ID);
        for (String flag : List.of("syncProfile", "enableTokenStorage", "addToSignInExperience")) {
            bool(file, "$", flag);
        }
        JsonObject metadata = object(file, "$", "metadata", true);
        if (metadata != null) {
            metadata(metadata);
        }
        JsonObject config = object(file, "$", "config", true);
        if (config != null) {
            config(config);
        }
        return List.copyOf(problems);
    }

    private void metadata(JsonObject metadata) {
        known(metadata, "$.metadata", METADATA);
        String target = string(metadata, "$.metadata", "target", true);
        if (target != null && !TARGET.matcher(target).matches()) {
            add("$.metadata.target", "must be 1-128 letters, digits, '.', '_' or '-' (it becomes direct_sign_in="
                    + "social:<target> and the key of the user's identity), e.g. \"acme-sso\"");
        }
        JsonObject name = object(metadata, "$.metadata", "name", true);
        if (name != null) {
            string(name, "$.metadata.name", "en", true);
            for (String language : name.keySet()) {
                if (!LANGUAGE_TAG.matcher(language).matches()) {
                    add("$.metadata.name." + language, "is not a language tag: use e.g. \"en\", \"de\" or \"pt-BR\"");
                } else if (name.get(language).getValueType() != ValueType.STRING) {
                    add("$.metadata.name." + language, "must be a string: the button text in that language");
                }
            }
        }
        url(metadata, "$.metadata", "logo", false);
        if (metadata.containsKey("logoDark") && metadata.get("logoDark").getValueType() != ValueType.NULL) {
            url(metadata, "$.metadata", "logoDark", false);
        }
    }

    private void config(JsonObject config) {
        String path = "$.config";
        known(config, path, CONFIG);
        literal(config, path, "responseType", "code");
        literal(config, path, "grantType", "authorization_code");
        url(config, path, "authorizationEndpoint", true);
        url(config, path, "tokenEndpoint", true);
        string(config, path, "clientId", true);
        String secret = string(config, path, "clientSecret", true);
        if (secret != null && ConnectorFile.variableValue(secret, environment) == null) {
            add(path + ".clientSecret", "names the environment variable " + ConnectorFile.variableName(secret)
                    + ", which is not set: export it before running the command");
        }
        String method = oneOf(config, path, "tokenEndpointAuthMethod", AUTH_METHODS);
        if (config.containsKey("clientSecretJwtSigningAlgorithm")) {
            oneOf(config, path, "clientSecretJwtSigningAlgorithm", HMAC_ALGORITHMS);
            if (!"client_secret_jwt".equals(method)) {
                add(path + ".clientSecretJwtSigningAlgorithm", "only applies with \"tokenEndpointAuthMethod\": "
                        + "\"client_secret_jwt\": remove it, or set that method");
            }
        }
        String scope = string(config, path, "scope", true);
        if (scope != null) {
            List<String> scopes = Arrays.stream(scope.trim().split("[ +]+")).filter(s -> !s.isEmpty()).toList();
            scopes.stream().filter(s -> !SCOPE_TOKEN.matcher(s).matches()).forEach(s -> add(path + ".scope",
                    "has an invalid scope \"" + s + "\": separate scopes with spaces, e.g. \"openid profile email\""));
            if (!scopes.contains("openid")) {
                add(path + ".scope", "must contain \"openid\" (OIDC Core 3.1.2.1), e.g. \"openid " + scope.trim()
                        + "\"");
            }
        }
        bool(config, path, "acceptStringTypedBooleanClaims");
        bool(config, path, "trustUnverifiedEmail");
        JsonObject idToken = object(config, path, "idTokenVerificationConfig", true);
        if (idToken != null) {
            idTokenVerification(idToken, path + ".idTokenVerificationConfig");
        }
        JsonObject authRequest = object(config, path, "authRequestOptionalConfig", false);
        if (authRequest != null) {
            authRequest(authRequest, path + ".authRequestOptionalConfig");
        }
        JsonObject custom = object(config, path, "customConfig", false);
        if (custom != null) {
            custom.forEach((key, value) -> {
                if (value.getValueType() != ValueType.STRING) {
                    add(path + ".customConfig." + key, "must be a string: every customConfig value is sent as a "
                            + "request parameter, e.g. \"" + key + "\": \"" + unquoted(value) + "\"");
                }
            });
        }
    }

    private void idTokenVerification(JsonObject idToken, String path) {
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

    private void authRequest(JsonObject authRequest, String path) {
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

    // Field helpers: each reports its own problem and returns the value when it is usable --------------------

    private void known(JsonObject object, String path, Set<String> fields) {
        for (String key : object.keySet()) {
            if (!fields.contains(key) && !key.equals("_comment")) {
                String hint = path.endsWith("authRequestOptionalConfig") ? "; put other request parameters in "
                        + "config.customConfig" : "";
                add(path + "." + key, "is not a field here, and Logto would silently drop it: check the spelling "
                        + "(allowed: " + String.join(", ", fields.stream().sorted().toList()) + ")" + hint);
            }
        }
    }

    private JsonObject object(JsonObject parent, String path, String key, boolean required) {
        JsonValue value = parent.get(key);
        if (value == null) {
            if (required) {
                add(path + "." + key, "is missing: add it as an object {...}");
            }
            return null;
        }
        if (value.getValueType() != ValueType.OBJECT) {
            add(path + "." + key, "must be an object {...}, not " + value.getValueType().name().toLowerCase());
            return null;
        }
        return value.asJsonObject();
    }

    private String string(JsonObject parent, String path, String key, boolean required) {
        JsonValue value = parent.get(key);
        if (value == null) {
            if (required) {
                add(path + "." + key, "is missing: add it as a non-empty string");
            }
            return null;
        }
        if (!(value instanceof JsonString s)) {
            add(path + "." + key, "must be a string: write \"" + unquoted(value) + "\"");
            return null;
        }
        if (s.getString().isBlank()) {
            add(path + "." + key, "is empty: fill it in, or remove it" + (required ? " (it is required)" : ""));
            return null;
        }
        return s.getString();
    }

    private void url(JsonObject parent, String path, String key, boolean required) {
        String value = string(parent, path, key, required);
        if (value == null) {
            return;
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (Exception e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || uri.getRawFragment() != null
                || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            add(path + "." + key, "is not an absolute http(s) URL without #fragment: write e.g. "
                    + "\"https://accounts.example.com/...\"");
        } else if ("http".equals(uri.getScheme()) && !isLoopback(uri.getHost())) {
            add(path + "." + key, "uses http: write \"https" + value.substring(4) + "\" (http only for localhost)");
        }
    }

    private void bool(JsonObject parent, String path, String key) {
        JsonValue value = parent.get(key);
        if (value != null && value.getValueType() != ValueType.TRUE && value.getValueType() != ValueType.FALSE) {
            add(path + "." + key, "must be true or false (without quotes)");
        }
    }

    private void literal(JsonObject parent, String path, String key, String only) {
        if (parent.containsKey(key) && !(parent.get(key) instanceof JsonString s && s.getString().equals(only))) {
            add(path + "." + key, "can only be \"" + only + "\": remove it");
        }
    }

    private String oneOf(JsonObject parent, String path, String key, List<String> allowed) {
        if (!parent.containsKey(key)) {
            return allowed.get(0);
        }
        if (parent.get(key) instanceof JsonString s && allowed.contains(s.getString())) {
            return s.getString();
        }
        add(path + "." + key, "must be one of " + String.join(", ", allowed.stream().map(a -> "\"" + a + "\"")
                .toList()) + " (default " + allowed.get(0) + ")");
        return null;
    }

    private void stringOrStrings(JsonObject parent, String path, String key, String example) {
        JsonValue value = parent.get(key);
        boolean ok = value instanceof JsonString s && !s.getString().isBlank()
                || value.getValueType() == ValueType.ARRAY && !value.asJsonArray().isEmpty()
                && value.asJsonArray().stream().allMatch(v -> v instanceof JsonString s && !s.getString().isBlank());
        if (!ok) {
            add(path + "." + key, "must be a string or an array of strings: " + example);
        }
    }

    private void timeSpan(JsonObject parent, String path, String key) {
        JsonValue value = parent.get(key);
        if (value == null || value instanceof JsonNumber n && n.doubleValue() >= 0
                || value instanceof JsonString s && TIME_SPAN.matcher(s.getString().trim()).matches()) {
            return;
        }
        add(path + "." + key, "must be seconds (a number >= 0) or a time span like \"30s\" or \"5 minutes\"");
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
    }

    private static String unquoted(JsonValue value) {
        return value instanceof JsonString s ? s.getString() : value.toString();
    }

    private void add(String path, String message) {
        problems.add(new Problem(path, message));
    }
}
