package com.example.logto.provision;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OIDC social connector to provision, read from {@code server-config/logto/oidc-connector.json}.
 *
 * <p>The file is the body of Logto's {@code POST /api/connectors} ({@code connectorId}, {@code metadata},
 * {@code config}, {@code syncProfile}, {@code enableTokenStorage}) plus {@code addToSignInExperience}. Keys named
 * {@code _comment} are allowed in every object and never sent (JSON has no comments). {@code clientSecret} may be
 * {@code "${SOME_VARIABLE}"}, read from the environment, so the file can be committed without the secret.
 * {@link ConnectorRules} checks everything before any call; {@link #load} throws {@link InvalidFileException}
 * with every problem at once.
 */
final class ConnectorFile {

    static final String CONNECTOR_ID = "oidc";
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    /** What Logto's {@code POST /api/connectors} receives. */
    final JsonObject body;
    final String target;
    final String name;
    final boolean addToSignInExperience;

    private ConnectorFile(JsonObject body, boolean addToSignInExperience) {
        this.body = body;
        JsonObject metadata = body.getJsonObject("metadata");
        this.target = metadata.getString("target");
        this.name = metadata.getJsonObject("name").getString("en");
        this.addToSignInExperience = addToSignInExperience;
    }

    /** A problem at a JSON path ({@code $.config.scope}) and what to write instead. */
    record Problem(String path, String message) {
        @Override
        public String toString() {
            return path + ": " + message;
        }
    }

    static final class InvalidFileException extends Exception {
        private static final long serialVersionUID = 1L;
        final transient List<Problem> problems;

        InvalidFileException(Path file, List<Problem> problems) {
            super(file + " has " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + ":\n  "
                    + String.join("\n  ", problems.stream().map(Problem::toString).toList()));
            this.problems = problems;
        }
    }

    static ConnectorFile load(Path file, Function<String, String> environment) throws InvalidFileException {
        JsonValue json;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                JsonReader parser = Json.createReader(reader)) {
            json = parser.readValue();
        } catch (IOException e) {
            throw new InvalidFileException(file, List.of(new Problem("$", "cannot be read (" + e.getMessage()
                    + "): copy server-config/logto/oidc-connector.example.json to it and fill it in")));
        } catch (JsonException e) {
            throw new InvalidFileException(file, List.of(new Problem("$", "is not valid JSON (" + e.getMessage()
                    + "): fix the syntax, e.g. no trailing commas and no // comments (use \"_comment\" keys)")));
        }
        JsonValue resolved = withoutComments(json);
        List<Problem> problems = new ConnectorRules(environment).check(resolved);
        if (!problems.isEmpty()) {
            throw new InvalidFileException(file, problems);
        }
        JsonObject root = resolved.asJsonObject();
        JsonObjectBuilder body = Json.createObjectBuilder().add("connectorId", CONNECTOR_ID)
                .add("metadata", root.get("metadata"))
                .add("config", resolveSecret(root.getJsonObject("config"), environment))
                .add("syncProfile", root.getBoolean("syncProfile", false))
                .add("enableTokenStorage", root.getBoolean("enableTokenStorage", false));
        return new ConnectorFile(body.build(), root.getBoolean("addToSignInExperience", false));
    }

    /** A literal value as it is; {@code "${NAME}"}: that variable's value, or null when it is unset or blank. */
    static String variableValue(String value, Function<String, String> environment) {
        Matcher matcher = VARIABLE.matcher(value);
        if (!matcher.matches()) {
            return value;
        }
        String resolved = environment.apply(matcher.group(1));
        return resolved == null || resolved.isBlank() ? null : resolved;
    }

    /** The variable named by {@code "${NAME}"}, or null for a literal value. */
    static String variableName(String value) {
        Matcher matcher = VARIABLE.matcher(value);
        return matcher.matches() ? matcher.group(1) : null;
    }

    private static JsonObject resolveSecret(JsonObject config, Function<String, String> environment) {
        return Json.createObjectBuilder(config)
                .add("clientSecret", variableValue(config.getString("clientSecret"), environment)).build();
    }

    private static JsonValue withoutComments(JsonValue value) {
        if (value instanceof JsonObject object) {
            JsonObjectBuilder builder = Json.createObjectBuilder();
            for (Map.Entry<String, JsonValue> entry : object.entrySet()) {
                if (!entry.getKey().equals("_comment")) {
                    builder.add(entry.getKey(), withoutComments(entry.getValue()));
                }
            }
            return builder.build();
        }
        if (value.getValueType() == JsonValue.ValueType.ARRAY) {
            JsonArrayBuilder builder = Json.createArrayBuilder();
            value.asJsonArray().forEach(item -> builder.add(withoutComments(item)));
            return builder.build();
        }
        return value;
    }
}
