package com.example.logto.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.logto.provision.ConnectorFile.InvalidFileException;
import com.example.logto.provision.ConnectorFile.Problem;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every rule of {@link ConnectorRules}, on the shipped example file changed one field at a time. */
class ConnectorRulesTest {

    static final Path EXAMPLE = Path.of("server-config/logto/oidc-connector.example.json");
    static final Map<String, String> ENV = Map.of("ACME_CLIENT_SECRET", "upstream-secret-value");

    @TempDir
    Path directory;

    static JsonObject example() throws IOException {
        try (JsonReader reader = Json.createReader(Files.newBufferedReader(EXAMPLE))) {
            return reader.readObject();
        }
    }

    /** The example with the value at a JSON pointer replaced ({@code "REMOVE"} removes it). */
    static JsonObject edit(JsonObject file, String pointer, String json) {
        if (json.equals("REMOVE")) {
            return Json.createPointer(pointer).remove(file);
        }
        JsonValue value;
        try (JsonReader reader = Json.createReader(new StringReader("[" + json + "]"))) {
            value = reader.readArray().get(0);
        }
        return Json.createPointer(pointer).add(file, value);
    }

    private List<Problem> problems(JsonStructure file) {
        return new ConnectorRules(ENV::get).check(file);
    }

    @Test
    void shippedExampleIsValidAndCommentsAreNeverSent() throws Exception {
        ConnectorFile file = ConnectorFile.load(EXAMPLE, ENV::get);

        assertEquals("acme-sso", file.target);
        assertEquals("Acme SSO", file.name);
        assertTrue(file.addToSignInExperience);
        assertTrue(!file.body.toString().contains("_comment"), file.body.toString());
        assertEquals("upstream-secret-value", file.body.getJsonObject("config").getString("clientSecret"));
        assertEquals("oidc", file.body.getString("connectorId"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "/config/clientSecretJwtSigningAlgorithm|\"HS512\"",
        "/config/tokenEndpointAuthMethod|\"client_secret_jwt\"",
        "/config/tokenEndpointAuthMethod|REMOVE",
        "/config/tokenEndpoint|\"http://localhost:9000/token\"",
        "/config/idTokenVerificationConfig/issuer|[\"https://a.example\", \"https://b.example\"]",
        "/config/idTokenVerificationConfig/clockTolerance|\"5 seconds\"",
        "/config/idTokenVerificationConfig/maxTokenAge|3600",
        "/config/idTokenVerificationConfig/crit|{\"b64\": true}",
        "/config/authRequestOptionalConfig|{\"maxAge\": \"3600\", \"prompt\": \"login consent\", \"display\": \"page\"}",
        "/config/customConfig|{\"resource\": \"https://api.example\"}",
        "/config/scope|\"profile openid\"",
        "/metadata/logoDark|\"https://id.acme.example/logo-dark.svg\"",
        "/metadata/name|{\"en\": \"Acme\", \"pt-BR\": \"Acme\"}",
        "/config/_comment|\"ignored\""})
    void acceptsGoodValues(String pointer, String json) throws Exception {
        JsonObject file = edit(example(), pointer, json);
        if (pointer.endsWith("clientSecretJwtSigningAlgorithm")) {
            file = edit(file, "/config/tokenEndpointAuthMethod", "\"client_secret_jwt\"");
        }
        Path path = directory.resolve("c.json");
        Files.writeString(path, file.toString());

        assertEquals("acme-sso", ConnectorFile.load(path, ENV::get).target);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "/config/clientId|REMOVE|$.config.clientId|is missing",
        "/config/clientSecret|REMOVE|$.config.clientSecret|is missing",
        "/config/scope|REMOVE|$.config.scope|is missing",
        "/config/authorizationEndpoint|REMOVE|$.config.authorizationEndpoint|is missing",
        "/config/idTokenVerificationConfig|REMOVE|$.config.idTokenVerificationConfig|is missing",
        "/config/idTokenVerificationConfig/jwksUri|REMOVE|$.config.idTokenVerificationConfig.jwksUri|is missing",
        "/metadata|REMOVE|$.metadata|is missing",
        "/metadata/target|REMOVE|$.metadata.target|is missing",
        "/config/clientId|42|$.config.clientId|must be a string: write \"42\"",
        "/config/clientId|\"  \"|$.config.clientId|is empty",
        "/config/clientSecret|\"${NOT_SET_ANYWHERE}\"|$.config.clientSecret|environment variable NOT_SET_ANYWHERE",
        "/config/scope|\"profile email\"|$.config.scope|must contain \"openid\"",
        "/config/scope|\"openid \\\"x\\\"\"|$.config.scope|invalid scope",
        "/config/tokenEndpointAuthMethod|\"private_key_jwt\"|$.config.tokenEndpointAuthMethod|must be one of",
        "/config/clientSecretJwtSigningAlgorithm|\"HS256\"|$.config.clientSecretJwtSigningAlgorithm|only applies",
        "/config/authorizationEndpoint|\"not a url\"|$.config.authorizationEndpoint|not an absolute http(s) URL",
        "/config/authorizationEndpoint|\"/oauth2/authorize\"|$.config.authorizationEndpoint|not an absolute",
        "/config/tokenEndpoint|\"http://id.acme.example/token\"|$.config.tokenEndpoint|write \"https://id.acme",
        "/config/idTokenVerificationConfig/jwksUri|\"https://x.example/#k\"|$.config.idTokenVerificationConfig.jwksUri|without #fragment",
        "/config/clientID|\"x\"|$.config.clientID|not a field here",
        "/config/responseType|\"token\"|$.config.responseType|can only be \"code\"",
        "/config/grantType|\"implicit\"|$.config.grantType|can only be \"authorization_code\"",
        "/config/trustUnverifiedEmail|\"true\"|$.config.trustUnverifiedEmail|true or false",
        "/config/acceptStringTypedBooleanClaims|1|$.config.acceptStringTypedBooleanClaims|true or false",
        "/config/idTokenVerificationConfig/audience|\"x\"|$.config.idTokenVerificationConfig.audience|Logto always checks",
        "/config/idTokenVerificationConfig/algorithms|[\"HS256\"]|$.config.idTokenVerificationConfig.algorithms[0]|must be one of",
        "/config/idTokenVerificationConfig/algorithms|\"RS256\"|$.config.idTokenVerificationConfig.algorithms|non-empty array",
        "/config/idTokenVerificationConfig/issuer|42|$.config.idTokenVerificationConfig.issuer|string or an array",
        "/config/idTokenVerificationConfig/clockTolerance|\"soon\"|$.config.idTokenVerificationConfig.clockTolerance|time span",
        "/config/idTokenVerificationConfig/maxTokenAge|-1|$.config.idTokenVerificationConfig.maxTokenAge|time span",
        "/config/idTokenVerificationConfig/crit|{\"b64\": \"yes\"}|$.config.idTokenVerificationConfig.crit.b64|true or false",
        "/config/idTokenVerificationConfig/currentDate|\"2026-01-01\"|$.config.idTokenVerificationConfig.currentDate|remove it",
        "/config/idTokenVerificationConfig/subject|7|$.config.idTokenVerificationConfig.subject|must be a string",
        "/config/idTokenVerificationConfig/jwks|\"x\"|$.config.idTokenVerificationConfig.jwks|not a field here",
        "/config/authRequestOptionalConfig/maxAge|3600|$.config.authRequestOptionalConfig.maxAge|write \"3600\"",
        "/config/authRequestOptionalConfig/maxAge|\"1h\"|$.config.authRequestOptionalConfig.maxAge|whole number",
        "/config/authRequestOptionalConfig/prompt|\"select-account\"|$.config.authRequestOptionalConfig.prompt|\"none\" alone",
        "/config/authRequestOptionalConfig/prompt|\"none login\"|$.config.authRequestOptionalConfig.prompt|\"none\" alone",
        "/config/authRequestOptionalConfig/display|\"full\"|$.config.authRequestOptionalConfig.display|page, popup",
        "/config/authRequestOptionalConfig/responseMode|\"fragment\"|$.config.authRequestOptionalConfig.responseMode|form_post",
        "/config/authRequestOptionalConfig/responseType|\"code\"|$.config.authRequestOptionalConfig.responseType|config.customConfig",
        "/config/authRequestOptionalConfig/nonce|\"n\"|$.config.authRequestOptionalConfig.nonce|not a field here",
        "/config/authRequestOptionalConfig|\"prompt=login\"|$.config.authRequestOptionalConfig|must be an object",
        "/config/customConfig/resource|1|$.config.customConfig.resource|must be a string",
        "/metadata/target|\"acme sso\"|$.metadata.target|letters, digits",
        "/metadata/name|{\"de\": \"Acme\"}|$.metadata.name.en|is missing",
        "/metadata/name/EN_us|\"Acme\"|$.metadata.name.EN_us|not a language tag",
        "/metadata/name/fr|1|$.metadata.name.fr|must be a string",
        "/metadata/logo|\"ftp://x.example/l.svg\"|$.metadata.logo|not an absolute http(s) URL",
        "/metadata/logoDark|\"logo.svg\"|$.metadata.logoDark|not an absolute",
        "/metadata/description|\"x\"|$.metadata.description|not a field here",
        "/connectorId|\"oauth2\"|$.connectorId|can only be \"oidc\"",
        "/syncProfile|\"false\"|$.syncProfile|true or false",
        "/enableTokenStorage|0|$.enableTokenStorage|true or false",
        "/addToSignInExperience|\"yes\"|$.addToSignInExperience|true or false",
        "/signInExperience|true|$.signInExperience|not a field here",
        "/config|[]|$.config|must be an object"})
    void reportsEachBadValueAtItsPathWithWhatToWrite(String pointer, String json, String path, String message)
            throws Exception {
        List<Problem> problems = problems(edit(example(), pointer, json));

        assertEquals(1, problems.size(), problems.toString());
        assertEquals(path, problems.get(0).path());
        assertTrue(problems.get(0).message().contains(message), problems.get(0).message());
    }

    @Test
    void reportsEveryProblemAtOnce() throws Exception {
        JsonObject file = edit(edit(edit(example(), "/config/scope", "\"email\""), "/config/clientId", "REMOVE"),
                "/metadata/target", "\"a b\"");
        Path path = directory.resolve("bad.json");
        Files.writeString(path, file.toString());

        InvalidFileException e = assertThrows(InvalidFileException.class, () -> ConnectorFile.load(path, ENV::get));

        assertEquals(List.of("$.metadata.target", "$.config.clientId", "$.config.scope"),
                e.problems.stream().map(Problem::path).toList());
        assertTrue(e.getMessage().startsWith(path + " has 3 problems:"), e.getMessage());
    }

    @Test
    void rootMustBeAnObject() {
        assertEquals("$", problems(JsonValue.EMPTY_JSON_ARRAY).get(0).path());
    }

    @Test
    void syntaxErrorsSayHowToWriteComments() throws Exception {
        Path path = directory.resolve("c.json");
        Files.writeString(path, "{ // my provider\n \"config\": {} }");

        InvalidFileException e = assertThrows(InvalidFileException.class, () -> ConnectorFile.load(path, ENV::get));

        assertTrue(e.getMessage().contains("is not valid JSON") && e.getMessage().contains("\"_comment\""),
                e.getMessage());
    }

    @Test
    void neverEchoesTheClientSecret() throws Exception {
        JsonObject file = edit(edit(example(), "/config/clientSecret", "\"literal-upstream-secret\""),
                "/config/scope", "\"email\"");

        assertTrue(problems(file).stream().noneMatch(p -> p.toString().contains("literal-upstream-secret")));
    }
}
