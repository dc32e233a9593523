package com.example.logto.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.logto.devprovider.LogtoDevProvider;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's Payara Micro command, run as a reader runs it ({@link ReadmeCommand} reads it from README.md): the
 * packaged WAR, the {@code LOGTO_*} variables, nothing else. A sign-in, a few pages, a stale session cookie and a
 * sign-out must leave a quiet log, from start to shutdown: no exception (a single server keeps its sessions in
 * memory although the WAR is {@code <distributable/>}: webapp/WEB-INF/glassfish-web.xml) and no list of expired
 * certificates from Payara's bundled trust store (NCLS-SECURITY-05054, left out by
 * server-config/payara/pre-boot-commands.asadmin).
 */
class PlainCommandIT {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Path LOG = Path.of("target", "plain-command.log");

    @Test
    void signInAndBrowsingLeaveNoExceptionInTheLog() throws Exception {
        int port = Integer.getInteger("it.spare.port");
        String base = "http://127.0.0.1:" + port;
        try (LogtoDevProvider provider = LogtoDevProvider.builder().client("plain-app", "plain-secret",
                List.of(base + "/api/logto/sign-in-callback"), List.of(base + "/")).build().start()) {
            Process payara = start(port, Map.of("LOGTO_ENDPOINT", provider.endpoint(), "LOGTO_APP_ID", "plain-app",
                    "LOGTO_APP_SECRET", "plain-secret", "LOGTO_BASE_URL", base));
            try {
                awaitApp(payara, base + "/api/logto/user", Duration.ofMinutes(3));
                signInBrowseAndSignOut(base, provider.subjectFor("pat"));
            } finally {
                stop(payara);
            }
        }
        String log = Files.readString(LOG, StandardCharsets.UTF_8);
        assertAll(
                () -> assertTrue(log.contains(") ready in "), "Payara Micro's start-up line; see " + LOG),
                () -> assertFalse(log.contains("Exception"), "an exception in the log: " + excerpt(log, "Exception")),
                () -> assertFalse(log.contains("NCLS-SECURITY-05054"),
                        "expired certificates listed: " + excerpt(log, "NCLS-SECURITY-05054")));
    }

    private static void signInBrowseAndSignOut(String base, String subject) {
        HttpUser user = new HttpUser();
        HttpResponse<String> landing = user.follow(user.submitLogin(
                user.follow(user.get(base + "/api/logto/sign-in")), "pat", "editor"));
        assertEquals(base + "/", landing.uri().toString(), landing.body());
        for (String path : List.of("/api/logto/user", "/profile", "/api/logto/user?getAccessToken=true", "/")) {
            HttpResponse<String> page = user.get(base + path);
            assertAll(path,
                    () -> assertEquals(200, page.statusCode(), page.body()),
                    () -> assertTrue(page.body().contains(subject), page.body()));
        }
        // A browser still holding the cookie of a session this server does not know (an old one, another server's).
        HttpResponse<String> stale = new HttpUser().get(base + "/api/logto/user",
                "Cookie", "JSESSIONID=0123456789abcdef");
        assertEquals("200 {\"isAuthenticated\":false}", stale.statusCode() + " " + stale.body());

        Matcher csrf = CSRF.matcher(user.get(base + "/").body());
        assertTrue(csrf.find(), "the sign-out form on the home page");
        HttpResponse<String> signOut = user.post(base + "/api/logto/sign-out", Map.of("csrf", csrf.group(1)));
        HttpResponse<String> after = user.get(base + "/api/logto/user");
        assertAll(
                () -> assertEquals(303, signOut.statusCode(), signOut.body()),
                () -> assertEquals("{\"isAuthenticated\":false}", after.body()));
    }

    /** The README's command with the build's Payara Micro jar and WAR, on the reserved port; output to {@link #LOG}. */
    private static Process start(int port, Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(new File(System.getProperty("java.home"), "bin/java").getPath());
        command.add("-Xmx384m"); // the only addition: a heap bound for a shared test machine
        command.addAll(ReadmeCommand.payaraMicro().arguments(Path.of("target", "payara-micro.jar"), port,
                Path.of("target", "logto-jakarta.war")));
        Files.createDirectories(LOG.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(LOG.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("LOGTO_"));
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Waits until {@code url} answers 200: the port is open and the WAR deployed (not a sleep, not a log line). */
    private static void awaitApp(Process payara, String url, Duration limit) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            // No shorter timeout than the wait itself: a request the listener accepted while the server starts
            // is answered late, and Payara logs a broken pipe if the client has given up on it by then.
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1))).build();
            try {
                if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the listener is not open yet
            }
            if (!payara.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("Payara Micro " + (payara.isAlive() ? "does not answer " + url
                        + " within " + limit : "exited") + "; see " + LOG.toAbsolutePath());
            }
            Thread.sleep(250);
        }
    }

    /** Stops Payara Micro as Ctrl+C does, so what it logs while shutting down is read too. */
    private static void stop(Process payara) throws InterruptedException {
        payara.destroy();
        if (!payara.waitFor(60, TimeUnit.SECONDS)) {
            payara.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The first five lines holding {@code needle}, each with the three lines after it (a stack trace's top). */
    private static String excerpt(String log, String needle) {
        List<String> lines = log.lines().collect(Collectors.toList());
        StringBuilder excerpt = new StringBuilder();
        for (int i = 0, found = 0; i < lines.size() && found < 5; i++) {
            if (lines.get(i).contains(needle)) {
                found++;
                lines.subList(i, Math.min(i + 4, lines.size())).forEach(line -> excerpt.append('\n').append(line));
            }
        }
        return excerpt.toString();
    }
}
