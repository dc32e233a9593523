package com.example.logto.provision;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonValue.ValueType;
import java.util.Map;
import java.util.Set;

/**
 * Strict checks of request bodies for {@link FakeManagementApi}, after Logto's guards (logto {@code 1fbc5544}):
 * {@code applicationCreateGuard} / {@code applicationPatchGuard} ({@code packages/schemas/src/types/application.ts}),
 * {@code oidcClientMetadataGuard}, {@code ApplicationSecrets.createGuard.pick(name, expiresAt)}, the connector
 * routes' {@code Connectors.createGuard.pick(...)} and {@code oidcConnectorConfigGuard}'s required fields.
 * Stricter than zod's default "strip": an unknown key is an error, so a field this project sends but Logto would
 * drop fails the test.
 */
final class Shapes {

    /** A body that Logto's guard would not accept; the fake answers 400 {@code guard.invalid_input}. */
    static final class BadShape extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadShape(String message) {
            super(message);
        }
    }

    static final Set<String> APPLICATION_TYPES = Set.of("Native", "SPA", "Traditional", "MachineToMachine",
            "Protected", "SAML");

    private Shapes() {
    }

    static void applicationCreate(JsonObject body) {
        only(body, "name", "type", "description", "oidcClientMetadata", "customClientMetadata", "customData",
                "isThirdParty", "protectedAppMetadata");
        require(body, "name", ValueType.STRING);
        require(body, "type", ValueType.STRING);
        if (!APPLICATION_TYPES.contains(body.getString("type"))) {
            throw new BadShape("type: invalid enum value " + body.get("type"));
        }
        if (body.containsKey("oidcClientMetadata")) {
            oidcClientMetadata(body.getJsonObject("oidcClientMetadata"));
        }
    }

    static void applicationPatch(JsonObject body) {
        only(body, "name", "description", "oidcClientMetadata", "customClientMetadata", "customData",
                "protectedAppMetadata", "isAdmin", "appLevelAccessControlEnabled");
        if (body.containsKey("oidcClientMetadata")) {
            oidcClientMetadata(body.getJsonObject("oidcClientMetadata"));
        }
    }

    static void secretCreate(JsonObject body) {
        only(body, "name", "expiresAt");
        require(body, "name", ValueType.STRING);
    }

    static void connectorCreate(JsonObject body) {
        only(body, "config", "connectorId", "metadata", "syncProfile", "enableTokenStorage", "id");
        require(body, "connectorId", ValueType.STRING);
        connectorParts(body);
    }

    static void connectorPatch(JsonObject body) {
        only(body, "config", "metadata", "syncProfile", "enableTokenStorage");
        connectorParts(body);
    }

    /** {@code PATCH /api/account-center} (v1.37.0 {@code routes/account-center/index.ts}, account-centers.ts). */
    static void accountCenterPatch(JsonObject body) {
        only(body, "enabled", "fields", "webauthnRelatedOrigins");
        if (body.containsKey("fields")) {
            JsonObject fields = body.getJsonObject("fields");
            only(fields, "name", "avatar", "profile", "email", "phone", "password", "username", "social",
                    "customData", "mfa", "session");
            fields.forEach((name, value) -> {
                if (!(value instanceof JsonString s && Set.of("Off", "ReadOnly", "Edit").contains(s.getString()))) {
                    throw new BadShape("fields." + name + ": expected Off, ReadOnly or Edit");
                }
            });
        }
    }

    static void signInExperiencePatch(JsonObject body) {
        only(body, "socialSignInConnectorTargets", "signIn", "signUp", "color", "branding", "languageInfo");
        JsonValue targets = body.get("socialSignInConnectorTargets");
        if (targets != null && !(targets instanceof JsonArray array
                && array.stream().allMatch(JsonString.class::isInstance))) {
            throw new BadShape("socialSignInConnectorTargets: expected an array of strings");
        }
    }

    private static void connectorParts(JsonObject body) {
        for (String flag : new String[] {"syncProfile", "enableTokenStorage"}) {
            if (body.containsKey(flag) && body.get(flag).getValueType() != ValueType.TRUE
                    && body.get(flag).getValueType() != ValueType.FALSE) {
                throw new BadShape(flag + ": expected boolean");
            }
        }
        if (body.containsKey("metadata")) {
            JsonObject metadata = body.getJsonObject("metadata");
            only(metadata, "target", "name", "logo", "logoDark");
            if (metadata.containsKey("name")) {
                require(metadata.getJsonObject("name"), "en", ValueType.STRING);
            }
        }
        if (body.containsKey("config")) {
            JsonObject config = body.getJsonObject("config");
            for (String field : new String[] {"authorizationEndpoint", "tokenEndpoint", "clientId", "clientSecret",
                "scope"}) {
                require(config, field, ValueType.STRING);
            }
            require(config, "idTokenVerificationConfig", ValueType.OBJECT);
            require(config.getJsonObject("idTokenVerificationConfig"), "jwksUri", ValueType.STRING);
        }
    }

    private static void oidcClientMetadata(JsonObject metadata) {
        only(metadata, "redirectUris", "postLogoutRedirectUris", "backchannelLogoutUri",
                "backchannelLogoutSessionRequired", "logoUri");
        for (String list : new String[] {"redirectUris", "postLogoutRedirectUris"}) {
            require(metadata, list, ValueType.ARRAY);
            for (JsonValue uri : metadata.getJsonArray(list)) {
                if (!(uri instanceof JsonString s) || !s.getString().matches("https?://[^\\s#]+")) {
                    throw new BadShape("oidcClientMetadata." + list + ": invalid URL " + uri);
                }
            }
        }
    }

    private static void only(JsonObject body, String... allowed) {
        Set<String> known = Set.of(allowed);
        for (Map.Entry<String, JsonValue> entry : body.entrySet()) {
            if (!known.contains(entry.getKey())) {
                throw new BadShape("unrecognized key \"" + entry.getKey() + "\"");
            }
        }
    }

    private static void require(JsonObject body, String key, ValueType type) {
        if (body.get(key) == null || body.get(key).getValueType() != type) {
            throw new BadShape(key + ": expected " + type.name().toLowerCase() + ", received " + body.get(key));
        }
    }
}
