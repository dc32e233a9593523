package com.example.logto.provision;

import com.example.logto.provision.ManagementApi.ApiException;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Creates or updates the OIDC social connector described by a {@link ConnectorFile}, and optionally lists it in
 * the sign-in experience's social sign-in connectors.
 *
 * <ul>
 * <li>Found by its target: {@code GET /api/connectors?target=<target>}. Logto allows one social connector per
 *     target and platform, and a standard connector's target can never change, so the target is its identity.</li>
 * <li>Created with {@code POST /api/connectors}; updated with {@code PATCH /api/connectors/:id} carrying only the
 *     parts that differ. Logto stores {@code config} and {@code metadata} through {@code cleanDeep} (nulls, empty
 *     strings, objects and arrays dropped), so the comparison does the same, or every run would "update".</li>
 * <li>Sign-in experience: {@code GET /api/sign-in-exp}, then {@code PATCH /api/sign-in-exp} with
 *     {@code socialSignInConnectorTargets} plus this target.</li>
 * </ul>
 * The reported changes name the fields, never the client secret's value.
 */
final class ConnectorStep {

    private final ManagementApi api;
    private final Report report;
    private final String endpoint;

    ConnectorStep(ManagementApi api, Report report, String endpoint) {
        this.api = api;
        this.report = report;
        this.endpoint = endpoint;
    }

    /**
     * Creates or updates the connector; then, if the file asks for it, {@link #addToSignInExperience}.
     *
     * @return the connector's id ({@code <id>} in a dry run that would create it)
     */
    String upsert(ConnectorFile file) throws ApiException {
        String what = "OIDC connector \"" + file.name + "\" (target " + file.target + ")";
        JsonArray existing = api.get("/connectors?target=" + URLEncoder.encode(file.target, StandardCharsets.UTF_8))
                .asJsonArray();
        JsonObject desired = clean(file.body).asJsonObject();
        String id;
        if (existing.isEmpty()) {
            id = report.dryRun() ? "<id>" : api.post("/connectors", file.body).getString("id");
            report.created(what + (report.dryRun() ? "" : " (id " + id + ")"));
        } else {
            JsonObject connector = existing.getJsonObject(0);
            if (!ConnectorFile.CONNECTOR_ID.equals(connector.getString("connectorId", ""))) {
                throw new ApiException("Checking the connector", 0, "the target \"" + file.target + "\" belongs to "
                        + "the " + connector.getString("connectorId", "?") + " connector " + connector.getString("id")
                        + ": choose another metadata.target");
            }
            id = connector.getString("id");
            update(connector, desired, what);
        }
        // Logto's callback for a social connector (the Console shows it as "Callback URI").
        report.note("the provider must accept the redirect URI " + endpoint + "/callback/" + id);
        return id;
    }

    private void update(JsonObject connector, JsonObject desired, String what) throws ApiException {
        JsonObjectBuilder patch = Json.createObjectBuilder();
        TreeSet<String> changed = new TreeSet<>();
        for (String part : List.of("config", "metadata")) {
            JsonObject want = desired.getJsonObject(part);
            JsonValue have = clean(connector.getOrDefault(part, JsonValue.EMPTY_JSON_OBJECT));
            if (!want.equals(have)) {
                patch.add(part, want);
                TreeSet<String> keys = new TreeSet<>(want.keySet());
                keys.addAll(have.asJsonObject().keySet());
                keys.stream().filter(key -> !java.util.Objects.equals(want.get(key), have.asJsonObject().get(key)))
                        .forEach(key -> changed.add(part + "." + key));
            }
        }
        for (String flag : List.of("syncProfile", "enableTokenStorage")) {
            if (desired.getBoolean(flag, false) != connector.getBoolean(flag, false)) {
                patch.add(flag, desired.getBoolean(flag, false));
                changed.add(flag);
            }
        }
        String id = connector.getString("id");
        if (changed.isEmpty()) {
            report.unchanged(what + " (id " + id + "): as in the file");
            return;
        }
        if (!report.dryRun()) {
            api.patch("/connectors/" + id, patch.build());
        }
        report.updated(what + " (id " + id + "): " + String.join(", ", changed));
    }

    void addToSignInExperience(String target) throws ApiException {
        JsonArray targets = api.get("/sign-in-exp").asJsonObject().getJsonArray("socialSignInConnectorTargets");
        if (targets.stream().anyMatch(t -> t instanceof JsonString s && s.getString().equals(target))) {
            report.unchanged("sign-in experience: " + target + " is a social sign-in connector");
            return;
        }
        if (!report.dryRun()) {
            JsonArrayBuilder updated = Json.createArrayBuilder(targets).add(target);
            api.patch("/sign-in-exp", Json.createObjectBuilder().add("socialSignInConnectorTargets", updated).build());
        }
        report.updated("sign-in experience: add " + target + " to the social sign-in connectors");
    }

    /** What Logto keeps of a JSON value after {@code cleanDeep} with its default options. */
    static JsonValue clean(JsonValue value) {
        if (value instanceof JsonObject object) {
            JsonObjectBuilder builder = Json.createObjectBuilder();
            for (Map.Entry<String, JsonValue> entry : object.entrySet()) {
                JsonValue cleaned = clean(entry.getValue());
                if (!isEmpty(cleaned)) {
                    builder.add(entry.getKey(), cleaned);
                }
            }
            return builder.build();
        }
        if (value instanceof JsonArray array) {
            JsonArrayBuilder builder = Json.createArrayBuilder();
            array.stream().map(ConnectorStep::clean).filter(v -> !isEmpty(v)).forEach(builder::add);
            return builder.build();
        }
        return value;
    }

    private static boolean isEmpty(JsonValue value) {
        return value.getValueType() == JsonValue.ValueType.NULL
                || value instanceof JsonString s && s.getString().isEmpty()
                || value instanceof JsonObject o && o.isEmpty()
                || value instanceof JsonArray a && a.isEmpty();
    }
}
