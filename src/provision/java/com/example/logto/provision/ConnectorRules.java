package com.example.logto.provision;

import com.example.logto.provision.ConnectorFile.Problem;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.JsonValue.ValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks a connector file against the schema of {@code @logto/connector-oidc} 1.7.5 ({@code oidcConnectorConfigGuard}
 * = {@code oauth2ConfigGuard} + OIDC fields; docs/logto.md §9) and of Logto's connector metadata, and collects every
 * problem with its JSON path and what to write instead.
 *
 * <p>Stricter than Logto where Logto would accept a file that cannot work: Logto's zod guards strip unknown keys
 * silently (a misspelt {@code authRequestOptionalConfig} key is simply lost), append {@code openid} to the scope,
 * overwrite {@code audience} with the client id, and a JSON {@code currentDate} can never be the {@code Date}
 * its guard wants. Those are reported here instead of surfacing as a failed sign-in.
 */
final class ConnectorRules extends JsonChecks {

    private static final Set<String> ROOT = Set.of("connectorId", "metadata", "config", "syncProfile",
            "enableTokenStorage", "addToSignInExperience");
    private static final Set<String> METADATA = Set.of("target", "name", "logo", "logoDark");
    private static final Set<String> CONFIG = Set.of("responseType", "grantType", "authorizationEndpoint",
            "tokenEndpoint", "clientId", "clientSecret", "tokenEndpointAuthMethod", "clientSecretJwtSigningAlgorithm",
            "scope", "acceptStringTypedBooleanClaims", "trustUnverifiedEmail", "idTokenVerificationConfig",
            "authRequestOptionalConfig", "customConfig");
    private static final List<String> AUTH_METHODS = List.of("client_secret_post", "client_secret_basic",
            "client_secret_jwt");
    private static final List<String> HMAC_ALGORITHMS = List.of("HS256", "HS384", "HS512");
    private static final Pattern TARGET = Pattern.compile("[A-Za-z0-9._-]{1,128}"); // usable in social:<target>
    private static final Pattern LANGUAGE_TAG = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*");
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+"); // RFC 6749 3.3

    private final Function<String, String> environment;

    ConnectorRules(Function<String, String> environment) {
        super(new ArrayList<>());
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
            new VerificationRules(problems).idTokenVerification(idToken, path + ".idTokenVerificationConfig");
        }
        JsonObject authRequest = object(config, path, "authRequestOptionalConfig", false);
        if (authRequest != null) {
            new VerificationRules(problems).authRequest(authRequest, path + ".authRequestOptionalConfig");
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
}
