package com.example.logto.provision;

import com.example.logto.provision.ManagementApi.ApiException;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates or updates the sample's "Traditional web" application in Logto (docs/logto.md §7) and finds a usable
 * secret for it.
 *
 * <ul>
 * <li>Found by name ({@code LOGTO_APP_NAME}) among {@code GET /api/applications?types=Traditional}; created with
 *     {@code POST /api/applications} otherwise.</li>
 * <li>Its redirect URI {@code <LOGTO_BASE_URL>/api/logto/sign-in-callback} and post sign-out redirect URI
 *     {@code <LOGTO_BASE_URL>/} must be registered exactly; missing ones are added with
 *     {@code PATCH /api/applications/:id}. Logto replaces {@code oidcClientMetadata} as a whole on PATCH, so the
 *     existing object is sent back with the additions, and other registered URIs stay.</li>
 * <li>Since Logto 1.27 a new app's secret lives in {@code GET /api/applications/:id/secrets} ("Default secret"),
 *     not in the application; an unexpired one is used, or one is added with {@code POST .../secrets}.</li>
 * </ul>
 */
final class ApplicationStep {

    /** The application's id and secret; both null in a dry run that would create it. */
    record App(String id, String secret) {
    }

    private final ManagementApi api;
    private final Report report;

    ApplicationStep(ManagementApi api, Report report) {
        this.api = api;
        this.report = report;
    }

    App run(String name, String redirectUri, String postSignOutUri, String knownSecret) throws ApiException {
        List<JsonObject> found = new ArrayList<>();
        for (JsonValue app : api.get("/applications?types=Traditional").asJsonArray()) {
            if (name.equals(app.asJsonObject().getString("name", null))) {
                found.add(app.asJsonObject());
            }
        }
        if (found.size() > 1) {
            throw new ApiException("Finding the application", 0, found.size() + " Traditional web applications are "
                    + "named \"" + name + "\": set LOGTO_APP_NAME to a unique name, or rename the extra ones");
        }
        JsonObject app;
        if (found.isEmpty()) {
            String what = "application \"" + name + "\" (Traditional web) with redirect URI " + redirectUri
                    + " and post sign-out redirect URI " + postSignOutUri;
            if (report.dryRun()) {
                report.created(what);
                return new App(null, null);
            }
            app = api.post("/applications", Json.createObjectBuilder().add("name", name).add("type", "Traditional")
                    .add("description", "Jakarta EE sample, provisioned by ./provision")
                    .add("oidcClientMetadata", Json.createObjectBuilder()
                            .add("redirectUris", Json.createArrayBuilder().add(redirectUri))
                            .add("postLogoutRedirectUris", Json.createArrayBuilder().add(postSignOutUri)))
                    .build());
            report.created(what + " (id " + app.getString("id") + ")");
        } else {
            app = found.get(0);
            registerUris(app, redirectUri, postSignOutUri);
        }
        return new App(app.getString("id"), secret(app.getString("id"), knownSecret));
    }

    private void registerUris(JsonObject app, String redirectUri, String postSignOutUri) throws ApiException {
        JsonObject metadata = app.getJsonObject("oidcClientMetadata");
        JsonArray redirects = metadata.getJsonArray("redirectUris");
        JsonArray postLogouts = metadata.getJsonArray("postLogoutRedirectUris");
        List<String> added = new ArrayList<>();
        if (!contains(redirects, redirectUri)) {
            added.add("redirect URI " + redirectUri);
        }
        if (!contains(postLogouts, postSignOutUri)) {
            added.add("post sign-out redirect URI " + postSignOutUri);
        }
        String what = "application \"" + app.getString("name") + "\" (id " + app.getString("id") + ")";
        if (added.isEmpty()) {
            report.unchanged(what + ": redirect URIs registered");
            return;
        }
        if (!report.dryRun()) {
            JsonObject patched = Json.createObjectBuilder(metadata)
                    .add("redirectUris", with(redirects, redirectUri))
                    .add("postLogoutRedirectUris", with(postLogouts, postSignOutUri)).build();
            api.patch("/applications/" + app.getString("id"),
                    Json.createObjectBuilder().add("oidcClientMetadata", patched).build());
        }
        report.updated(what + ": added " + String.join(" and ", added));
    }

    private String secret(String id, String knownSecret) throws ApiException {
        String fallback = null;
        for (JsonValue value : api.get("/applications/" + id + "/secrets").asJsonArray()) {
            JsonObject secret = value.asJsonObject();
            boolean expired = secret.get("expiresAt") != null
                    && secret.get("expiresAt").getValueType() == JsonValue.ValueType.NUMBER
                    && secret.getJsonNumber("expiresAt").longValue() <= System.currentTimeMillis();
            if (expired) {
                continue;
            }
            if (secret.getString("value").equals(knownSecret)) {
                return knownSecret;
            }
            if (fallback == null) {
                fallback = secret.getString("value");
            }
        }
        if (fallback != null) {
            return fallback;
        }
        String created = report.dryRun() ? null : api.post("/applications/" + id + "/secrets",
                Json.createObjectBuilder().add("name", "provisioned " + System.currentTimeMillis()).build())
                .getString("value");
        report.created("a secret for application " + id + " (it has no unexpired one)");
        return created;
    }

    private static boolean contains(JsonArray array, String value) {
        return array.stream().anyMatch(v -> v instanceof JsonString s && s.getString().equals(value));
    }

    private static JsonArrayBuilder with(JsonArray array, String value) {
        JsonArrayBuilder builder = Json.createArrayBuilder(array);
        return contains(array, value) ? builder : builder.add(value);
    }
}
