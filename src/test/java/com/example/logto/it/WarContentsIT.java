package com.example.logto.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The production WAR holds the application only: the development provider and the test libraries stay out,
 * so a deployment can never fall back to a fake Logto.
 */
class WarContentsIT {

    @Test
    void warHoldsNoDevelopmentProviderAndNoLibraries() throws IOException {
        try (ZipFile war = new ZipFile("target/logto-jakarta.war")) {
            List<String> names = war.stream().map(ZipEntry::getName).toList();

            assertTrue(names.contains("WEB-INF/classes/com/example/logto/security/LogtoAuthenticationDefinition.class"));
            assertEquals(List.of(), names.stream().filter(name -> name.contains("devprovider")
                    || name.contains("/it/") || name.startsWith("WEB-INF/lib/")).toList());
        }
    }
}
