package com.example.logto.bench;

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
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The WAR on Payara Micro as a child process, started the way the README deploys it, plus its memory readings. */
final class PayaraProcess implements AutoCloseable {

    static final String HEAP = "-Xmx2g";

    private final Process process;
    private final long launchedNanos;

    PayaraProcess(int port, Map<String, String> env, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(new File(System.getProperty("java.home"), "bin/java").getPath(),
                HEAP, "-jar", "target/payara-micro.jar", "--nohazelcast", "--port", String.valueOf(port),
                "--contextroot", "/", "--prebootcommandfile", "server-config/payara/pre-boot-commands.asadmin",
                "--deploy", "target/logto-jakarta.war")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("LOGTO_"));
        builder.environment().putAll(env);
        launchedNanos = System.nanoTime();
        process = builder.start();
    }

    /** Seconds from launch until {@code url} first answers 200. */
    double secondsUntilServed(String url, Duration limit) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Payara Micro exited with " + process.exitValue());
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return sinceLaunch();
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(25);
        }
        throw new IOException("not served within " + limit);
    }

    double sinceLaunch() {
        return (System.nanoTime() - launchedNanos) / 1e9;
    }

    /** Resident set size of the server process, from /proc. */
    double rssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        throw new IOException("no VmRSS for " + process.pid());
    }

    /** Heap in use right after a full GC (jcmd GC.run, then GC.heap_info). */
    long usedHeapAfterGc() throws IOException, InterruptedException {
        jcmd("GC.run");
        jcmd("GC.run");
        Matcher used = Pattern.compile("total \\d+K, used (\\d+)K").matcher(jcmd("GC.heap_info"));
        if (!used.find()) {
            throw new IOException("cannot read the heap size");
        }
        return Long.parseLong(used.group(1)) * 1024;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(new File(System.getProperty("java.home"), "bin/jcmd").getPath(),
                String.valueOf(process.pid()), command).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor();
        return output;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    static List<String> describe() {
        return List.of("Payara Micro 6.2025.10", "Java " + System.getProperty("java.version"), HEAP);
    }
}
