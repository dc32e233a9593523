package com.example.logto.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged WAR on a plain Payara Micro, started the way the README says, with a setting missing: the
 * deployment must stop with one message naming the variable, and the secret must not be printed.
 */
class MisconfiguredDeploymentIT {

    private static final String SECRET = "do-not-print-this-secret-42";

    @Test
    void missingAppIdStopsDeploymentWithAMessageNamingIt() throws Exception {
        String port = System.getProperty("it.spare.port");
        ProcessBuilder builder = new ProcessBuilder(new File(System.getProperty("java.home"), "bin/java").getPath(),
                "-Xmx384m", "-jar", "target/payara-micro.jar", "--nohazelcast", "--port", port, "--contextroot", "/",
                "--prebootcommandfile", "server-config/payara/pre-boot-commands.asadmin",
                "--deploy", "target/logto-jakarta.war").redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("LOGTO_"));
        builder.environment().put("LOGTO_ENDPOINT", "http://127.0.0.1:9");
        builder.environment().put("LOGTO_APP_SECRET", SECRET);
        Process payara = builder.start();
        List<String> log = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> readLines(payara, log));
        reader.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
            while (payara.isAlive() && System.nanoTime() < deadline
                    && log.stream().noneMatch(line -> line.contains("ready in"))) {
                Thread.sleep(200);
            }
            if (payara.isAlive()) {
                assertNotEquals(200, status("http://127.0.0.1:" + port + "/api/logto/user"), "the app must not serve");
            }
        } finally {
            payara.destroy();
            payara.waitFor(30, TimeUnit.SECONDS);
            reader.join(5000);
        }
        String output = String.join("\n", log);
        assertTrue(output.contains("LOGTO_APP_ID is not set: copy the App ID"), output);
        assertFalse(output.contains(SECRET), "the app secret was printed");
    }

    private static int status(String url) throws IOException, InterruptedException {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (ConnectException e) {
            return -1;
        }
    }

    private static void readLines(Process process, List<String> log) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                log.add(line);
            }
        } catch (IOException e) {
            log.add("(output ended: " + e + ")");
        }
    }
}
