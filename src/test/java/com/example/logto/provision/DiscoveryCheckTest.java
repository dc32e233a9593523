package com.example.logto.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.logto.provision.ConnectorFile.Problem;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code --check-discovery}: the connector file against a provider's discovery document. */
class DiscoveryCheckTest {

    private HttpServer provider;
    private String issuer;
    private JsonObject document;

    @BeforeEach
    void start() throws Exception {
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer = "http://127.0.0.1:" + provider.getAddress().getPort() + "/realm";
        document = Json.createObjectBuilder().add("issuer", issuer)
                .add("authorization_endpoint", issuer + "/authorize").add("token_endpoint", issuer + "/token")
                .add("jwks_uri", issuer + "/jwks")
                .add("token_endpoint_auth_methods_supported", Json.createArrayBuilder().add("client_secret_basic"))
                .add("id_token_signing_alg_values_supported", Json.createArrayBuilder().add("RS256")).build();
        provider.createContext("/realm/.well-known/openid-configuration", exchange -> {
            byte[] body = document.toString().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        provider.start();
    }

    @AfterEach
    void stop() {
        provider.stop(0);
    }

    private JsonObject config(String authMethod, String jwksUri) {
        return Json.createObjectBuilder().add("authorizationEndpoint", issuer + "/authorize")
                .add("tokenEndpoint", issuer + "/token").add("tokenEndpointAuthMethod", authMethod)
                .add("idTokenVerificationConfig", Json.createObjectBuilder().add("jwksUri", jwksUri)
                        .add("issuer", issuer).add("algorithms", Json.createArrayBuilder().add("RS256")))
                .build();
    }

    @Test
    void agreeingFileHasNoProblems() {
        assertEquals(List.of(), DiscoveryCheck.check(config("client_secret_basic", issuer + "/jwks")));
    }

    @Test
    void disagreementsAreReportedWithTheProvidersValue() {
        List<Problem> problems = DiscoveryCheck.check(config("client_secret_post", issuer + "/keys"));

        assertEquals(List.of("$.config.idTokenVerificationConfig.jwksUri", "$.config.tokenEndpointAuthMethod"),
                problems.stream().map(Problem::path).toList());
        assertTrue(problems.get(0).message().contains("write \"" + issuer + "/jwks\""), problems.toString());
    }

    @Test
    void unreachableDiscoveryDocumentIsAProblemNotACrash() {
        provider.stop(0);

        List<Problem> problems = DiscoveryCheck.check(config("client_secret_basic", issuer + "/jwks"));

        assertTrue(problems.get(0).message().startsWith("no discovery document at " + issuer), problems.toString());
    }
}
