package com.example.logto.bench;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One measured cold start for {@link ColdStart}: Payara Micro 6 launched with the WAR as the README deploys it, the
 * provider's settings as system properties, then polled every 20 ms, in this order: {@code /static/app.css} answers
 * 200 (the WAR is deployed), {@code /} answers 200 (its JSP compiled and run), {@code /api/logto/sign-in} answers
 * its redirect (the mechanism has read the provider's discovery). The process's CPU time is read from {@code /proc}
 * at the last answer, then the server is stopped.
 */
final class PayaraStart {

    /** How Payara Micro finds the WAR. */
    enum Mode {
        /** A {@code --rootdir} kept from start to start, and {@code --deploy}: the default. */
        KEPT,
        /** No {@code --rootdir}: a new temporary one for each start, as the README's command. */
        FRESH,
        /** The kept {@code --rootdir} without {@code --deploy}: only the application stored in it is loaded. */
        STORED
    }

    /** Seconds from the launch; {@code page} and {@code signIn} are NaN for a WAR measured to its static file only. */
    record Times(double deployed, double page, double signIn, double cpu) {
    }

    private static final Duration LIMIT = Duration.ofMinutes(3);
    private static final double CLOCK_TICKS = 100.0; // USER_HZ of Linux's /proc/<pid>/stat

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final Path payara;
    private final String endpoint;
    private final int port;

    PayaraStart(Path payara, String endpoint, int port) {
        this.payara = payara;
        this.endpoint = endpoint;
        this.port = port;
    }

    /**
     * Starts {@code war} (a file named as the application) with {@code jvm} options, {@code rootDir} and the pre-boot
     * command file {@code preBoot}, writes the server's output to {@code log}; {@code deploy} false leaves
     * {@code --deploy} out ({@link Mode#STORED}).
     */
    Times measure(Path war, List<String> jvm, Path rootDir, boolean deploy, boolean staticOnly, Path preBoot,
                  Path log) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(new File(System.getProperty("java.home"), "bin/java").getPath());
        command.addAll(jvm);
        command.addAll(List.of("-Dlogto.endpoint=" + endpoint, "-Dlogto.app-id=proto-client",
                "-Dlogto.app-secret=proto-secret", "-Dlogto.base-url=http://localhost:" + port,
                "-jar", payara.toAbsolutePath().toString(), "--nohazelcast"));
        if (rootDir != null) {
            command.addAll(List.of("--rootdir", rootDir.toAbsolutePath().toString()));
        }
        command.addAll(List.of("--prebootcommandfile", preBoot.toString(),
                "--port", String.valueOf(port), "--contextroot", "/"));
        if (deploy) {
            command.addAll(List.of("--deploy", war.toString()));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("LOGTO_") || key.endsWith("JAVA_OPTIONS")
                || key.equals("JAVA_TOOL_OPTIONS"));
        long launched = System.nanoTime();
        Process process = builder.start();
        try {
            String base = "http://localhost:" + port;
            double deployed = until(process, launched, base + "/static/app.css", 200);
            if (staticOnly) {
                return new Times(deployed, Double.NaN, Double.NaN, cpuSeconds(process.pid()));
            }
            double page = until(process, launched, base + "/", 200);
            double signIn = until(process, launched, base + "/api/logto/sign-in", 302);
            return new Times(deployed, page, signIn, cpuSeconds(process.pid()));
        } finally {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** Seconds from launch until {@code url} answers {@code status}. */
    private double until(Process process, long launched, String url, int status) throws Exception {
        long deadline = launched + LIMIT.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Payara Micro exited with " + process.exitValue() + " before " + url);
            }
            try {
                last = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (last == status) {
                    return (System.nanoTime() - launched) / 1e9;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        throw new IOException(url + " did not answer " + status + " within " + LIMIT + " (last " + last + ")");
    }

    /** User and system CPU of the whole process (utime + stime, fields 14 and 15 of /proc/<pid>/stat). */
    private static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CLOCK_TICKS;
    }
}
