package com.example.logto.provision;

import com.example.logto.provision.ManagementApi.ApiException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns Logto's Account Center on for the app's {@code /account} page: {@code enabled: true},
 * {@code fields.social: "Edit"} (link and unlink) and {@code fields.password} at least {@code "ReadOnly"} (the
 * profile then shows {@code hasPassword}, which the app needs to refuse removing the last way to sign in).
 * A fresh self-hosted Logto seeds it off with no fields (Logto {@code packages/schemas/src/seeds/account-center.ts}).
 *
 * <p>{@code PATCH /api/account-center} <em>replaces</em> the whole {@code fields} object (jsonb replace), so the
 * step reads it first ({@code GET /api/account-center}) and sends every field already set, changing only the two
 * it needs and never lowering one (a field already {@code Edit} stays {@code Edit}).
 */
final class AccountCenterStep {

    private final ManagementApi api;
    private final Report report;

    AccountCenterStep(ManagementApi api, Report report) {
        this.api = api;
        this.report = report;
    }

    void run() throws ApiException {
        JsonObject current = api.get("/account-center").asJsonObject();
        JsonObject fields = current.get("fields") instanceof JsonObject f ? f : JsonValue.EMPTY_JSON_OBJECT;
        Map<String, JsonValue> wanted = new LinkedHashMap<>(fields);
        List<String> changes = new ArrayList<>();
        if (!current.getBoolean("enabled", false)) {
            changes.add("enabled");
        }
        require(wanted, "social", "Edit", changes);
        if (!"Edit".equals(value(wanted, "password"))) {
            require(wanted, "password", "ReadOnly", changes);
        }
        if (changes.isEmpty()) {
            report.unchanged("Account Center: on, social Edit, password " + value(wanted, "password"));
            return;
        }
        if (!report.dryRun()) {
            JsonObjectBuilder body = Json.createObjectBuilder();
            wanted.forEach(body::add);
            api.patch("/account-center", Json.createObjectBuilder().add("enabled", true).add("fields", body).build());
        }
        report.updated("Account Center: " + String.join(", ", changes)
                + (fields.isEmpty() ? "" : " (the other fields kept: " + String.join(", ", otherKeys(fields)) + ")"));
    }

    private static void require(Map<String, JsonValue> fields, String name, String level, List<String> changes) {
        if (!level.equals(value(fields, name))) {
            fields.put(name, Json.createValue(level));
            changes.add("fields." + name + " " + level);
        }
    }

    private static String value(Map<String, JsonValue> fields, String name) {
        return fields.get(name) instanceof JsonString s ? s.getString() : "Off";
    }

    private static List<String> otherKeys(JsonObject fields) {
        return fields.keySet().stream().filter(k -> !k.equals("social") && !k.equals("password")).toList();
    }
}
