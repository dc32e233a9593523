package com.example.logto.provision;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tenant behind {@link FakeManagementApi}: applications with their secrets, connectors, and the sign-in
 * experience's social connector targets, answering with Logto's response shapes ({@code applicationResponseGuard}
 * without the internal secret, {@code ApplicationSecrets.guard}, {@code connectorResponseGuard} from
 * {@code transpileLogtoConnector}) and error codes ({@code connector.multiple_target_with_same_platform},
 * {@code connector.can_not_modify_target}, {@code entity.not_exists_with_id}, ...).
 */
final class FakeLogtoState {

    record Answer(int status, JsonStructure body) {
    }

    final Map<String, JsonObject> applications = new LinkedHashMap<>();
    final Map<String, List<JsonObject>> secrets = new LinkedHashMap<>();
    final Map<String, JsonObject> connectors = new LinkedHashMap<>();
    final List<String> socialTargets = new ArrayList<>();
    /** Logto's seed for a fresh OSS tenant: off, no fields ({@code schemas/src/seeds/account-center.ts}). */
    JsonObject accountCenter = Json.createObjectBuilder().add("enabled", false)
            .add("fields", JsonValue.EMPTY_JSON_OBJECT).build();
    private final AtomicInteger ids = new AtomicInteger();

    synchronized Answer handle(String method, String path, Map<String, String> query, JsonObject body) {
        String[] parts = path.substring(1).split("/");
        String route = method + " " + parts[0] + (parts.length > 1 ? "/:id" : "") + (parts.length > 2 ? "/"
                + parts[2] : "");
        String id = parts.length > 1 ? parts[1] : null;
        return switch (route) {
            case "GET applications" -> {
                if (!Set.of("types").containsAll(query.keySet())) {
                    throw new Shapes.BadShape("unexpected query " + query.keySet());
                }
                yield ok(FakeManagementApi.array(applications.values().stream().filter(a -> !query.containsKey(
                        "types") || a.getString("type").equals(query.get("types"))).toList()).build());
            }
            case "POST applications" -> {
                Shapes.applicationCreate(body);
                JsonObject app = Json.createObjectBuilder(body).add("tenantId", "default").add("id", nextId("app"))
                        .add("description", body.getOrDefault("description", JsonValue.NULL))
                        .add("oidcClientMetadata", body.getOrDefault("oidcClientMetadata", Json.createObjectBuilder()
                                .add("redirectUris", JsonValue.EMPTY_JSON_ARRAY)
                                .add("postLogoutRedirectUris", JsonValue.EMPTY_JSON_ARRAY).build()))
                        .add("customClientMetadata", JsonValue.EMPTY_JSON_OBJECT).add("protectedAppMetadata",
                                JsonValue.NULL).add("customData", JsonValue.EMPTY_JSON_OBJECT)
                        .add("isThirdParty", false).add("appLevelAccessControlEnabled", false)
                        .add("createdAt", System.currentTimeMillis()).build();
                applications.put(app.getString("id"), app);
                secrets.put(app.getString("id"), new ArrayList<>(List.of(secret(app.getString("id"),
                        "Default secret"))));
                yield ok(app);
            }
            case "PATCH applications/:id" -> {
                Shapes.applicationPatch(body);
                JsonObject app = applications.get(id);
                if (app == null) {
                    yield notFound(id);
                }
                app = Json.createObjectBuilder(app).addAll(Json.createObjectBuilder(body)).build();
                applications.put(id, app);
                yield ok(app);
            }
            case "GET applications/:id/secrets" -> applications.containsKey(id)
                    ? ok(FakeManagementApi.array(secrets.get(id)).build()) : notFound(id);
            case "POST applications/:id/secrets" -> {
                Shapes.secretCreate(body);
                JsonObject secret = secret(id, body.getString("name"));
                secrets.get(id).add(secret);
                yield new Answer(201, secret);
            }
            case "GET connectors" -> ok(FakeManagementApi.array(connectors.values().stream().filter(c ->
                    !query.containsKey("target") || target(c).equals(query.get("target")))
                    .map(FakeLogtoState::response).toList()).build());
            case "POST connectors" -> createConnector(body);
            case "PATCH connectors/:id" -> patchConnector(id, body);
            case "GET account-center" -> ok(Json.createObjectBuilder(accountCenter).add("tenantId", "default")
                    .add("id", "default").add("webauthnRelatedOrigins", JsonValue.EMPTY_JSON_ARRAY).build());
            case "PATCH account-center" -> {
                Shapes.accountCenterPatch(body);
                JsonObjectBuilder updated = Json.createObjectBuilder(accountCenter);
                body.forEach(updated::add); // jsonb replace: a new "fields" replaces the old one whole
                accountCenter = updated.build();
                yield ok(accountCenter);
            }
            case "GET sign-in-exp" -> ok(signInExperience());
            case "PATCH sign-in-exp" -> {
                Shapes.signInExperiencePatch(body);
                JsonArray targets = body.getJsonArray("socialSignInConnectorTargets");
                if (targets != null) {
                    socialTargets.clear();
                    targets.getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString)
                            .filter(t -> connectors.values().stream().anyMatch(c -> target(c).equals(t)))
                            .forEach(socialTargets::add);
                }
                yield ok(signInExperience());
            }
            default -> new Answer(404, FakeManagementApi.error("guard.invalid_input", "no route " + route));
        };
    }

    private Answer createConnector(JsonObject body) {
        Shapes.connectorCreate(body);
        if (!"oidc".equals(body.getString("connectorId"))) {
            return new Answer(422, FakeManagementApi.error("connector.not_found_with_connector_id",
                    "Can not find connector with given standard connector id."));
        }
        if (!body.containsKey("metadata") || !body.getJsonObject("metadata").containsKey("target")) {
            return new Answer(400, FakeManagementApi.error("connector.should_specify_target",
                    "You should specify `target`."));
        }
        String target = body.getJsonObject("metadata").getString("target");
        if (connectors.values().stream().anyMatch(c -> target(c).equals(target))) {
            return new Answer(422, FakeManagementApi.error("connector.multiple_target_with_same_platform",
                    "You can not have multiple social connectors that have same target and platform."));
        }
        if (body.getBoolean("enableTokenStorage", false)) {
            return new Answer(422, FakeManagementApi.error("request.feature_not_supported",
                    "The feature is not supported (no SECRET_VAULT_KEK)."));
        }
        String id = nextId("conn");
        JsonObject cleaned = ConnectorStep.clean(body).asJsonObject();
        connectors.put(id, Json.createObjectBuilder().add("id", id).add("connectorId", "oidc")
                .add("config", cleaned.getOrDefault("config", JsonValue.EMPTY_JSON_OBJECT))
                .add("metadata", cleaned.getJsonObject("metadata"))
                .add("syncProfile", body.getBoolean("syncProfile", false))
                .add("enableTokenStorage", false).build());
        return ok(response(connectors.get(id)));
    }

    private Answer patchConnector(String id, JsonObject body) {
        Shapes.connectorPatch(body);
        JsonObject connector = connectors.get(id);
        if (connector == null) {
            return notFound(id);
        }
        if (body.containsKey("metadata") && !target(connector).equals(body.getJsonObject("metadata")
                .getString("target", null))) {
            return new Answer(400, FakeManagementApi.error("connector.can_not_modify_target",
                    "The connector 'target' cannot be modified."));
        }
        JsonObjectBuilder updated = Json.createObjectBuilder(connector);
        ConnectorStep.clean(body).asJsonObject().forEach(updated::add);
        body.entrySet().stream().filter(e -> e.getValue().getValueType() == JsonValue.ValueType.FALSE)
                .forEach(e -> updated.add(e.getKey(), false));
        connectors.put(id, updated.build());
        return ok(response(connectors.get(id)));
    }

    /** {@code transpileLogtoConnector}: factory metadata, overridden by the stored metadata, plus the db row. */
    private static JsonObject response(JsonObject row) {
        JsonObject metadata = row.getJsonObject("metadata");
        return Json.createObjectBuilder().add("type", "Social").add("id", row.getString("id"))
                .add("target", metadata.getString("target"))
                .add("name", metadata.getOrDefault("name", Json.createObjectBuilder().add("en", "OIDC").build()))
                .add("description", Json.createObjectBuilder().add("en", "OpenID Connect 1.0 ..."))
                .add("logo", metadata.getString("logo", "./logo.svg")).add("logoDark", JsonValue.NULL)
                .add("readme", "").add("platform", "Universal").add("isStandard", true)
                .add("isTokenStorageSupported", true).add("connectorId", row.getString("connectorId"))
                .add("syncProfile", row.getBoolean("syncProfile")).add("metadata", metadata)
                .add("enableTokenStorage", row.getBoolean("enableTokenStorage")).add("isDemo", false)
                .add("extraInfo", JsonValue.EMPTY_JSON_OBJECT).add("config", row.getJsonObject("config")).build();
    }

    private JsonObject signInExperience() {
        return Json.createObjectBuilder().add("tenantId", "default").add("id", "default")
                .add("color", Json.createObjectBuilder().add("primaryColor", "#6139F6").add("isDarkModeEnabled", false))
                .add("languageInfo", Json.createObjectBuilder().add("autoDetect", true).add("fallbackLanguage", "en"))
                .add("signInMode", "SignInAndRegister").add("socialSignIn", JsonValue.EMPTY_JSON_OBJECT)
                .add("socialSignInConnectorTargets", Json.createArrayBuilder(socialTargets)).build();
    }

    private JsonObject secret(String applicationId, String name) {
        return Json.createObjectBuilder().add("tenantId", "default").add("applicationId", applicationId)
                .add("name", name).add("value", "s3cr3t" + ids.incrementAndGet() + "abcdefghijklmnopqrstuvwxyz")
                .add("createdAt", System.currentTimeMillis()).add("expiresAt", JsonValue.NULL).build();
    }

    private String nextId(String prefix) {
        return prefix + ids.incrementAndGet();
    }

    private static String target(JsonObject connector) {
        return connector.getJsonObject("metadata").getString("target");
    }

    private static Answer ok(JsonStructure body) {
        return new Answer(200, body);
    }

    private static Answer notFound(String id) {
        return new Answer(404, FakeManagementApi.error("entity.not_exists_with_id",
                "The entity with ID `" + id + "` does not exist."));
    }
}
