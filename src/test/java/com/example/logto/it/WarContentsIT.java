package com.example.logto.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The production WAR holds the web app only: the development provider (so a deployment can never fall back to
 * a fake Logto), the provisioning command (it uses Management API credentials), the tests and their libraries
 * stay out. The one library is Nimbus JOSE+JWT, which the API and back-channel logout use (Payara does not export
 * its own copy to applications).
 */
class WarContentsIT {

    private static final Pattern NIMBUS = Pattern.compile("WEB-INF/lib/nimbus-jose-jwt-[0-9.]+\\.jar");

    @Test
    void warHoldsNoDevelopmentProviderNoProvisioningAndNoTestCode() throws IOException {
        try (ZipFile war = new ZipFile("target/logto-jakarta.war")) {
            List<String> names = war.stream().map(ZipEntry::getName).toList();

            assertTrue(names.contains("WEB-INF/classes/com/example/logto/security/signin/LogtoAuthenticationDefinition.class"));
            assertEquals(List.of(), names.stream().filter(name -> name.contains("devprovider")
                    || name.contains("/provision/") || name.contains("ManagementApi") || name.contains("/it/")
                    || name.startsWith("WEB-INF/lib/") && !name.equals("WEB-INF/lib/") && !NIMBUS.matcher(name).matches())
                    .toList());
            assertTrue(names.stream().anyMatch(name -> NIMBUS.matcher(name).matches()), names.toString());
        }
    }
}
