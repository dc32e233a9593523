package com.example.logto.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code .logto/app.env}: private, read back exactly, and usable by a shell's {@code source}. */
class AppEnvFileTest {

    @TempDir
    Path directory;

    private final Map<String, String> values = new LinkedHashMap<>(Map.of(
            "LOGTO_APP_ID", "abc123", "LOGTO_OIDC_CONNECTOR_NAME", "Ann's \"SSO\" $HOME"));

    @Test
    void writesPrivatelyAndReadsBackTheSameValues() throws Exception {
        Path file = directory.resolve(".logto/app.env");

        assertTrue(AppEnvFile.write(file, values));

        assertEquals(values, AppEnvFile.read(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertFalse(AppEnvFile.write(file, values), "unchanged values are not rewritten");
    }

    @Test
    void aShellSourcingTheFileSeesTheSameValues() throws Exception {
        Path file = directory.resolve("app.env");
        AppEnvFile.write(file, values);

        Process shell = new ProcessBuilder("bash", "-c", "set -a; . \"$0\"; printf %s \"$LOGTO_OIDC_CONNECTOR_NAME\"",
                file.toString()).start();

        assertEquals(values.get("LOGTO_OIDC_CONNECTOR_NAME"),
                new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void maskShowsTwoCharactersAtEachEndOnly() {
        assertEquals("ab****yz", AppEnvFile.mask("ab0123456789yz"));
        assertEquals("****", AppEnvFile.mask("short"));
        assertEquals("<a new secret>", AppEnvFile.mask(null), "a dry run that would create a secret");
    }
}
