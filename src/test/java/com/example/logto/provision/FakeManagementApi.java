package com.example.logto.provision;

import com.example.logto.provision.Shapes.BadShape;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A strict stand-in for Logto's Management API (the endpoints {@link Provision} uses), on a JDK HttpServer at
 * 127.0.0.1 with a random port.
 *
 * <ul>
 * <li>{@code POST /oidc/token}: client credentials with Basic auth, {@code resource=https://default.logto.app/api},
 *     {@code scope=all}; anything else gets node-oidc-provider's {@code {"error","error_description"}}.</li>
 * <li>{@code /api/*}: Bearer token required (401 {@code auth.authorization_header_missing}); bodies checked by
 *     {@link Shapes} (400 {@code guard.invalid_input}); Logto's error codes for the rules it enforces; state in
 *     {@link FakeLogtoState}.</li>
 * <li>{@link #failOn}: the next matching call answers 500, to test partial failure. {@link #calls} lists what
 *     was called, e.g. {@code "POST /api/connectors"}.</li>
 * </ul>
 */
final class FakeManagementApi implements AutoCloseable {

    static final String M2M_ID = "m2m-app";
    static final String M2M_SECRET = "m2m-secret-value-0123456789";
    private static final String TOKEN = "management-api-token";

    final FakeLogtoState state = new FakeLogtoState();
    private final HttpServer server;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile String failing;

    FakeManagementApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<String> calls() {
        return List.copyOf(calls);
    }

    /** Calls other than reads ({@code GET}) and the token request. */
    List<String> writes() {
        return calls.stream().filter(c -> !c.startsWith("GET ") && !c.startsWith("POST /oidc/token")).toList();
    }

    void failOn(String call) {
        failing = call;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String call = exchange.getRequestMethod() + " " + path;
        calls.add(call);
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (path.equals("/oidc/token")) {
                token(exchange, body);
                return;
            }
            if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, error("auth.authorization_header_missing", "Authorization header is missing."));
                return;
            }
            if (call.equals(failing)) {
                failing = null;
                send(exchange, 500, error("unknown", "Internal server error."));
                return;
            }
            JsonObject json = null;
            if (!body.isEmpty()) {
                if (!"application/json".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
                    send(exchange, 400, error("guard.invalid_input", "The request body is not JSON."));
                    return;
                }
                try (JsonReader reader = Json.createReader(new StringReader(body))) {
                    json = reader.readObject();
                }
            }
            FakeLogtoState.Answer answer = state.handle(exchange.getRequestMethod(), path.substring("/api".length()),
                    query(exchange.getRequestURI().getRawQuery()), json);
            send(exchange, answer.status(), answer.body());
        } catch (BadShape e) {
            send(exchange, 400, error("guard.invalid_input", "The request input is invalid. " + e.getMessage()));
        } catch (RuntimeException e) {
            send(exchange, 400, error("guard.invalid_input", "The request input is invalid. " + e));
        }
    }

    private void token(HttpExchange exchange, String body) throws IOException {
        Map<String, String> form = query(body);
        String basic = "Basic " + Base64.getEncoder().encodeToString((M2M_ID + ":" + M2M_SECRET)
                .getBytes(StandardCharsets.UTF_8));
        if (!basic.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            send(exchange, 401, oidcError("invalid_client", "client authentication failed"));
        } else if (!"client_credentials".equals(form.get("grant_type"))) {
            send(exchange, 400, oidcError("unsupported_grant_type", "unsupported grant_type requested"));
        } else if (!"https://default.logto.app/api".equals(form.get("resource"))) {
            send(exchange, 400, oidcError("invalid_target", "resource indicator is missing, or unknown"));
        } else if (!"all".equals(form.get("scope"))) {
            send(exchange, 400, oidcError("invalid_scope", "requested scope is not allowed"));
        } else {
            send(exchange, 200, Json.createObjectBuilder().add("access_token", TOKEN).add("expires_in", 3600)
                    .add("token_type", "Bearer").add("scope", "all").build());
        }
    }

    static JsonObject error(String code, String message) {
        return Json.createObjectBuilder().add("code", code).add("message", message).build();
    }

    private static JsonObject oidcError(String error, String description) {
        return Json.createObjectBuilder().add("error", error).add("error_description", description).build();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                String[] parts = pair.split("=", 2);
                values.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                        parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
            }
        }
        return values;
    }

    private static void send(HttpExchange exchange, int status, JsonStructure body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    static JsonArrayBuilder array(List<JsonObject> items) {
        JsonArrayBuilder builder = Json.createArrayBuilder();
        items.forEach(builder::add);
        return builder;
    }
}
