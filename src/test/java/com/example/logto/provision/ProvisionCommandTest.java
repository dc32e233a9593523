package com.example.logto.provision;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provisioning command against {@link FakeManagementApi}: what it creates, changes, reports and leaves alone. */
class ProvisionCommandTest {

    private static final String UPSTREAM_SECRET = "upstream-secret-value";

    @TempDir
    Path directory;

    private FakeManagementApi logto;
    private Path connectorFile;
    private Path envFile;
    private final Map<String, String> env = new HashMap<>();
    private String output;

    @BeforeEach
    void start() throws Exception {
        logto = new FakeManagementApi();
        connectorFile = directory.resolve("oidc-connector.json");
        Files.writeString(connectorFile, ConnectorRulesTest.example().toString());
        envFile = directory.resolve(".logto/app.env");
        env.putAll(Map.of("LOGTO_ENDPOINT", logto.endpoint(), "LOGTO_M2M_APP_ID", FakeManagementApi.M2M_ID,
                "LOGTO_M2M_APP_SECRET", FakeManagementApi.M2M_SECRET, "LOGTO_BASE_URL", "https://app.example.com",
                "ACME_CLIENT_SECRET", UPSTREAM_SECRET));
    }

    @AfterEach
    void stop() {
        logto.close();
    }

    private int provision(String... extra) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<String> args = new java.util.ArrayList<>(List.of("--connector=" + connectorFile, "--env-file=" + envFile));
        args.addAll(List.of(extra));
        int status = Provision.run(args.toArray(String[]::new), env::get, new PrintStream(bytes, true,
                StandardCharsets.UTF_8));
        output = bytes.toString(StandardCharsets.UTF_8);
        return status;
    }

    @Test
    void firstRunCreatesTheAppTheConnectorAndTheSignInButton() throws Exception {
        assertEquals(0, provision(), output);

        JsonObject app = logto.state.applications.values().iterator().next();
        JsonObject connector = logto.state.connectors.values().iterator().next();
        Map<String, String> written = AppEnvFile.read(envFile);
        String secret = logto.state.secrets.get(app.getString("id")).get(0).getString("value");
        assertAll(
                () -> assertEquals("Traditional", app.getString("type")),
                () -> assertEquals(Json.createArrayBuilder().add("https://app.example.com/api/logto/sign-in-callback")
                        .build(), app.getJsonObject("oidcClientMetadata").getJsonArray("redirectUris")),
                () -> assertEquals(Json.createArrayBuilder().add("https://app.example.com/").build(),
                        app.getJsonObject("oidcClientMetadata").getJsonArray("postLogoutRedirectUris")),
                () -> assertEquals("acme-sso", connector.getJsonObject("metadata").getString("target")),
                () -> assertEquals(UPSTREAM_SECRET, connector.getJsonObject("config").getString("clientSecret")),
                () -> assertEquals(List.of("acme-sso"), logto.state.socialTargets),
                () -> assertEquals(app.getString("id"), written.get("LOGTO_APP_ID")),
                () -> assertEquals(secret, written.get("LOGTO_APP_SECRET")),
                () -> assertEquals("acme-sso", written.get("LOGTO_OIDC_CONNECTOR_TARGET")),
                () -> assertEquals("Acme SSO", written.get("LOGTO_OIDC_CONNECTOR_NAME")),
                () -> assertEquals(connector.getString("id"), written.get("LOGTO_OIDC_CONNECTOR_ID")),
                () -> assertFalse(written.containsKey("LOGTO_OIDC_CONNECTOR_SIGN_IN"), "offered for sign-in"),
                () -> assertTrue(output.contains("https://app.example.com/account/link-callback"), output),
                () -> assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(envFile))),
                () -> assertTrue(output.contains("+ created application \"Logto Jakarta sample\""), output),
                () -> assertTrue(output.contains("+ created OIDC connector \"Acme SSO\" (target acme-sso)"), output),
                () -> assertTrue(output.contains("/callback/" + connector.getString("id")), output),
                () -> assertTrue(output.contains("~ updated sign-in experience: add acme-sso"), output),
                () -> assertTrue(output.contains(AppEnvFile.mask(secret)), output),
                () -> assertFalse(output.contains(secret), "the app secret must never be printed"),
                () -> assertFalse(output.contains(UPSTREAM_SECRET), "the upstream secret must never be printed"));
    }

    @Test
    void secondRunChangesNothingAndSaysSo() {
        provision();
        int callsBefore = logto.writes().size();

        assertEquals(0, provision(), output);

        assertEquals(callsBefore, logto.writes().size(), "no write calls: " + logto.writes());
        assertTrue(output.contains("Nothing to change: Logto already matches."), output);
        assertFalse(output.contains("+ ") || output.contains("~ "), output);
    }

    @Test
    void dryRunPrintsThePlanAndChangesNothing() {
        assertEquals(0, provision("--dry-run"), output);

        assertAll(
                () -> assertEquals(List.of(), logto.writes()),
                () -> assertFalse(Files.exists(envFile)),
                () -> assertTrue(output.contains("+ would create application"), output),
                () -> assertTrue(output.contains("+ would create OIDC connector"), output),
                () -> assertTrue(output.contains("~ would update sign-in experience"), output),
                () -> assertTrue(output.contains("~ would update Account Center: enabled, fields.social Edit, "
                        + "fields.password ReadOnly"), output),
                () -> assertTrue(output.contains("Dry run: 5 change(s) planned, none made."), output));
    }

    @Test
    void changedConnectorFileIsPatchedWithOnlyWhatChanged() throws Exception {
        provision();
        Files.writeString(connectorFile, ConnectorRulesTest.edit(ConnectorRulesTest.example(), "/config/scope",
                "\"openid profile\"").toString());

        assertEquals(0, provision(), output);

        String id = logto.state.connectors.keySet().iterator().next();
        assertEquals("PATCH /api/connectors/" + id, logto.writes().get(logto.writes().size() - 1));
        assertEquals("openid profile", logto.state.connectors.get(id).getJsonObject("config").getString("scope"));
        assertTrue(output.contains("~ updated OIDC connector \"Acme SSO\" (target acme-sso) (id " + id
                + "): config.scope"), output);
    }

    @Test
    void existingAppGetsTheMissingUrisAndKeepsItsOthers() {
        env.put("LOGTO_BASE_URL", "http://localhost:8080");
        provision();
        env.put("LOGTO_BASE_URL", "https://app.example.com");

        assertEquals(0, provision(), output);

        JsonObject metadata = logto.state.applications.values().iterator().next().getJsonObject("oidcClientMetadata");
        assertEquals(List.of("http://localhost:8080/api/logto/sign-in-callback",
                "https://app.example.com/api/logto/sign-in-callback"),
                metadata.getJsonArray("redirectUris").getValuesAs(jakarta.json.JsonString::getString));
        assertEquals(1, logto.state.applications.size());
        assertTrue(output.contains("added redirect URI https://app.example.com/api/logto/sign-in-callback and post "
                + "sign-out redirect URI https://app.example.com/"), output);
    }

    @Test
    void failureHalfWayReportsWhatWasDoneAndTheNextRunFinishes() throws Exception {
        logto.failOn("POST /api/connectors");

        assertEquals(1, provision(), output);

        String appId = logto.state.applications.keySet().iterator().next();
        assertAll(
                () -> assertTrue(output.contains("FAILED: POST /api/connectors failed with HTTP 500"), output),
                () -> assertTrue(output.contains("Changes made before the failure"), output),
                () -> assertTrue(output.contains("  + created application \"Logto Jakarta sample\""), output),
                () -> assertEquals(appId, AppEnvFile.read(envFile).get("LOGTO_APP_ID"), "the app's id is kept"),
                () -> assertFalse(AppEnvFile.read(envFile).containsKey("LOGTO_OIDC_CONNECTOR_TARGET")),
                () -> assertTrue(logto.state.connectors.isEmpty()));

        assertEquals(0, provision(), output);

        assertAll(
                () -> assertEquals(1, logto.state.applications.size()),
                () -> assertTrue(output.contains("= application \"Logto Jakarta sample\" (id " + appId + ")"), output),
                () -> assertTrue(output.contains("+ created OIDC connector"), output),
                () -> assertEquals("acme-sso", AppEnvFile.read(envFile).get("LOGTO_OIDC_CONNECTOR_TARGET")));
    }

    @Test
    void failureBeforeAnyChangeSaysNothingChanged() {
        logto.failOn("POST /api/applications");

        assertEquals(1, provision(), output);

        assertTrue(output.contains("Nothing was changed in Logto before the failing call."), output);
    }

    @Test
    void badConnectorFileStopsBeforeAnyCall() throws Exception {
        Files.writeString(connectorFile, ConnectorRulesTest.edit(ConnectorRulesTest.example(), "/config/scope",
                "\"profile\"").toString());

        assertEquals(2, provision(), output);

        assertEquals(List.of(), logto.calls());
        assertTrue(output.contains("Nothing was sent to Logto"), output);
        assertTrue(output.contains("$.config.scope: must contain \"openid\""), output);
    }

    @Test
    void missingSettingsAreAllReportedBeforeAnyCall() {
        env.remove("LOGTO_M2M_APP_ID");
        env.remove("LOGTO_M2M_APP_SECRET");
        env.put("LOGTO_BASE_URL", "localhost:8080");

        assertEquals(2, provision(), output);

        assertEquals(List.of(), logto.calls());
        assertAll(
                () -> assertTrue(output.contains("LOGTO_M2M_APP_ID is not set: create a Machine-to-machine app"), output),
                () -> assertTrue(output.contains("LOGTO_M2M_APP_SECRET is not set"), output),
                () -> assertTrue(output.contains("LOGTO_BASE_URL is not an http(s) URL"), output));
    }

    @Test
    void unknownArgumentIsAUsageErrorAndHelpIsNot() {
        assertEquals(2, provision("--dryrun"), output);
        assertTrue(output.contains("Unknown argument: --dryrun"), output);

        assertEquals(0, provision("--help"), output);
        assertEquals(List.of(), logto.calls());
    }

    @Test
    void wrongMachineToMachineSecretIsExplained() {
        env.put("LOGTO_M2M_APP_SECRET", "wrong");

        assertEquals(1, provision(), output);

        assertTrue(output.contains("HTTP 401: invalid_client"), output);
        assertTrue(output.contains("check LOGTO_M2M_APP_ID and LOGTO_M2M_APP_SECRET"), output);
        assertFalse(output.contains("wrong"), output);
    }

    @Test
    void wrongManagementApiResourceIsExplained() {
        env.put("LOGTO_MANAGEMENT_API_RESOURCE", "https://other.logto.app/api");

        assertEquals(1, provision(), output);

        assertTrue(output.contains("HTTP 400: invalid_target"), output);
        assertTrue(output.contains("set LOGTO_MANAGEMENT_API_RESOURCE to https://<tenant-id>.logto.app/api"), output);
    }

    @Test
    void withoutAConnectorFileOnlyTheAppIsProvisioned() throws Exception {
        Files.delete(connectorFile);

        assertEquals(2, provision(), "a named file that is missing is an error: " + output);

        // the default path is absent in a clean clone (git-ignored): the connector step is skipped with a note
        Assumptions.assumeFalse(Files.exists(Path.of(Provision.DEFAULT_CONNECTOR)), "a local connector file exists");
        assertEquals(0, Provision.run(new String[] {"--env-file=" + envFile}, env::get,
                new PrintStream(new ByteArrayOutputStream())));
        assertTrue(logto.state.connectors.isEmpty());
        assertEquals(1, logto.state.applications.size());
    }

    // Account Center --------------------------------------------------------------------------------------------

    @Test
    void theAccountCenterIsTurnedOnAndTheFieldsAlreadySetAreKept() {
        logto.state.accountCenter = Json.createObjectBuilder().add("enabled", false).add("fields",
                Json.createObjectBuilder().add("name", "Edit").add("password", "Edit").add("social", "ReadOnly"))
                .build();

        assertEquals(0, provision(), output);

        assertAll(
                () -> assertTrue(logto.state.accountCenter.getBoolean("enabled")),
                () -> assertEquals(Json.createObjectBuilder().add("name", "Edit").add("password", "Edit")
                        .add("social", "Edit").build(), logto.state.accountCenter.getJsonObject("fields"),
                        "name kept, password not lowered to ReadOnly, social raised to Edit"),
                () -> assertTrue(output.contains("~ updated Account Center: enabled, fields.social Edit (the other "
                        + "fields kept: name)"), output));
        assertEquals(0, provision(), output);
        assertTrue(output.contains("= Account Center: on, social Edit, password Edit"), output);
    }

    @Test
    void aConnectorForLinkingOnlyIsWrittenAsSuchWithAWarning() throws Exception {
        Files.writeString(connectorFile, ConnectorRulesTest.edit(ConnectorRulesTest.example(),
                "/addToSignInExperience", "false").toString());

        assertEquals(0, provision(), output);

        Map<String, String> written = AppEnvFile.read(envFile);
        assertAll(
                () -> assertEquals(List.of(), logto.state.socialTargets),
                () -> assertEquals("false", written.get("LOGTO_OIDC_CONNECTOR_SIGN_IN")),
                () -> assertEquals("acme-sso", written.get("LOGTO_OIDC_CONNECTOR_TARGET")),
                () -> assertTrue(output.contains("WARNING: the connector is not in Logto's sign-in experience"),
                        output));
    }
}
