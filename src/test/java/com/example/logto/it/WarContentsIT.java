package com.example.logto.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The packaged WAR holds the web app only: the provisioning command, which uses Management API credentials, and
 * its JSON library must never ship in it (they live in src/provision/java, compiled with the tests).
 */
class WarContentsIT {

    @Test
    void warHasNoProvisioningCodeAndNoManagementApiClient() throws Exception {
        try (ZipFile war = new ZipFile(new File("target/logto-jakarta.war"))) {
            List<String> names = war.stream().map(entry -> entry.getName()).toList();

            assertTrue(names.contains("WEB-INF/classes/com/example/logto/config/LogtoConfig.class"), names.toString());
            assertEquals(List.of(), names.stream().filter(name -> name.contains("/provision/")
                    || name.contains("ManagementApi") || name.startsWith("WEB-INF/lib/")).toList());
        }
    }
}
