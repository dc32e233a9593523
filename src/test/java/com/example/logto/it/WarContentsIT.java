package com.example.logto.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * The production WAR holds the web app only: the development provider (so a deployment can never fall back to
 * a fake Logto), the provisioning command (it uses Management API credentials), the tests and their libraries
 * stay out. The Logto integration is in it as the artifact a team adds to its own WAR
 * ({@code logto-jakarta-integration.jar}), not as copies of its classes; the other libraries are Nimbus JOSE+JWT,
 * which verifies every token (Payara does not export its own copy to applications), and Bouncy Castle's provider,
 * whose elliptic-curve arithmetic it verifies them with.
 */
class WarContentsIT {

    private static final String ARTIFACT = "WEB-INF/lib/logto-jakarta-integration.jar";
    private static final Pattern NIMBUS = Pattern.compile("WEB-INF/lib/nimbus-jose-jwt-[0-9.]+\\.jar");
    private static final Pattern BOUNCY_CASTLE = Pattern.compile("WEB-INF/lib/bcprov-jdk18on-[0-9.]+\\.jar");

    @Test
    void warHoldsTheIntegrationArtifactNoDevelopmentProviderNoProvisioningAndNoTestCode() throws IOException {
        try (ZipFile war = new ZipFile("target/logto-jakarta.war")) {
            List<String> names = war.stream().map(ZipEntry::getName).toList();
            List<String> artifact = entries(war, ARTIFACT);

            assertAll(
                    () -> assertTrue(names.contains(ARTIFACT), names.toString()),
                    () -> assertTrue(names.stream().anyMatch(name -> NIMBUS.matcher(name).matches()), names.toString()),
                    () -> assertTrue(names.stream().anyMatch(name -> BOUNCY_CASTLE.matcher(name).matches()),
                            names.toString()),
                    () -> assertEquals(List.of(), names.stream().filter(name -> name.startsWith("WEB-INF/lib/")
                            && !name.equals("WEB-INF/lib/") && !name.equals(ARTIFACT)
                            && !NIMBUS.matcher(name).matches() && !BOUNCY_CASTLE.matcher(name).matches()).toList()),
                    () -> assertEquals(List.of(), names.stream().filter(name -> isIntegrationClass(name, "WEB-INF/classes/"))
                            .toList(), "the integration's classes come from the artifact, not from WEB-INF/classes"),
                    () -> assertTrue(artifact.containsAll(Set.of(
                            "com/example/logto/security/signin/LogtoAuthenticationDefinition.class",
                            "com/example/logto/web/SignInServlet.class", "META-INF/web-fragment.xml", "META-INF/beans.xml",
                            "META-INF/resources/WEB-INF/logto/error.jsp")), artifact.toString()),
                    () -> assertEquals(List.of(), artifact.stream().filter(name -> name.contains("/api/")
                            || name.contains("/account/")).toList(), "the sample's own code stays out of the artifact"),
                    () -> assertEquals(List.of(), concat(names, artifact).stream().filter(name -> name.contains("devprovider")
                            || name.contains("/provision/") || name.contains("ManagementApi") || name.contains("/it/"))
                            .toList()));
        }
    }

    private static boolean isIntegrationClass(String name, String prefix) {
        return name.startsWith(prefix + "com/example/logto/config/") || name.startsWith(prefix + "com/example/logto/security/")
                || name.startsWith(prefix + "com/example/logto/web/");
    }

    private static List<String> entries(ZipFile war, String jar) throws IOException {
        ZipEntry entry = war.getEntry(jar);
        if (entry == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(war.getInputStream(entry))) {
            for (ZipEntry inner = in.getNextEntry(); inner != null; inner = in.getNextEntry()) {
                names.add(inner.getName());
            }
        }
        return names;
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }
}
