package com.example.logto.bench;

import com.example.logto.devprovider.LogtoDevProvider;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench/cold-start}: Payara Micro's cold start with two (or more) WARs or JVM option sets, started in turn so
 * that the load other people put on the machine falls on every variant alike. Each start is the README's command
 * with {@code --rootdir} kept per variant (one unmeasured start first fills it); each is timed from the launch until
 * {@code /} answers 200 (the first JSP compiled), then until {@code /api/logto/sign-in} answers its redirect to the
 * provider, and the process's CPU time (all threads, JIT and GC included) is read from {@code /proc} at that moment.
 *
 * <p>Arguments, {@code key=value}: {@code LABEL=path/to.war} for each variant (at least one), {@code LABEL.jvm="..."}
 * its JVM options (default {@code jvm=...}, itself the README's small-server set), {@code runs=5} starts per variant,
 * {@code payara=target/payara-micro.jar}, {@code LABEL.start=kept|fresh|stored} (see {@link Mode}).
 */
public final class ColdStart {

    /** The README's "JVM options for a small server". */
    static final String README_JVM = "-Xms64m -Xmx192m -XX:+UseG1GC -XX:TieredStopAtLevel=1 "
            + "-XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=192m -Xss512k";
    private static final Duration LIMIT = Duration.ofMinutes(3);
    private static final double CLOCK_TICKS = 100.0; // USER_HZ of Linux's /proc/<pid>/stat

    private record Variant(String label, Path war, List<String> jvm, Path rootDir, Mode mode) {
    }

    /**
     * How Payara Micro finds the WAR: {@code kept} {@code --rootdir} and {@code --deploy} (the default), {@code fresh}
     * no {@code --rootdir} (a new temporary one each start, as the README's command), {@code stored} the kept
     * {@code --rootdir} without {@code --deploy}, so only the application the priming start left there is loaded.
     */
    private enum Mode { KEPT, FRESH, STORED }

    private record Start(double page, double signIn, double cpu) {
    }

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final Path payara;
    private final String endpoint;
    private final int port;

    private ColdStart(Path payara, String endpoint, int port) {
        this.payara = payara;
        this.endpoint = endpoint;
        this.port = port;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("expected key=value, got " + arg);
            }
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        int runs = Integer.parseInt(options.getOrDefault("runs", "5"));
        Path work = Files.createDirectories(Path.of("target/cold-start"));
        List<Variant> variants = new ArrayList<>();
        options.forEach((key, value) -> {
            if (!key.contains(".") && value.endsWith(".war")) {
                String jvm = options.getOrDefault(key + ".jvm", options.getOrDefault("jvm", README_JVM));
                Mode mode = Mode.valueOf(options.getOrDefault(key + ".start", "kept").toUpperCase(Locale.ROOT));
                variants.add(new Variant(key, Path.of(value), Arrays.asList(jvm.trim().split("\\s+")),
                        work.resolve(key), mode));
            }
        });
        if (variants.isEmpty()) {
            throw new IllegalArgumentException("name at least one variant: LABEL=path/to/app.war");
        }
        int port = freePort();
        String base = "http://localhost:" + port;
        try (LogtoDevProvider provider = LogtoDevProvider.builder().host("127.0.0.1").port(freePort())
                .client("proto-client", "proto-secret", List.of(base + "/api/logto/sign-in-callback"),
                        List.of(base + "/"))
                .build().start()) {
            ColdStart bench = new ColdStart(Path.of(options.getOrDefault("payara", "target/payara-micro.jar")),
                    provider.endpoint(), port);
            bench.run(variants, runs);
        }
        System.exit(0);
    }

    private void run(List<Variant> variants, int runs) throws Exception {
        for (Variant variant : variants) {
            deleteTree(variant.rootDir());
            Files.createDirectories(variant.rootDir().resolve("root"));
            // The same file name for every variant: it names the application Payara deploys.
            Files.copy(variant.war(), variant.rootDir().resolve("logto-jakarta.war"), StandardCopyOption.REPLACE_EXISTING);
            Start primer = start(variant, "prime", true);
            System.out.printf(Locale.ROOT, "%-4s prime  page %6.2f s  sign-in %6.2f s  cpu %6.2f s%n",
                    variant.label(), primer.page(), primer.signIn(), primer.cpu());
        }
        Map<Variant, List<Start>> starts = new LinkedHashMap<>();
        for (int run = 1; run <= runs; run++) {
            // A B, then B A: neither variant always follows the other's shutdown.
            List<Variant> order = new ArrayList<>(variants);
            if (run % 2 == 0) {
                java.util.Collections.reverse(order);
            }
            for (Variant variant : order) {
                Start start = start(variant, "run" + run, false);
                starts.computeIfAbsent(variant, v -> new ArrayList<>()).add(start);
                System.out.printf(Locale.ROOT, "%-4s run %d  page %6.2f s  sign-in %6.2f s  cpu %6.2f s  (load %s)%n",
                        variant.label(), run, start.page(), start.signIn(), start.cpu(), loadAverage());
            }
        }
        System.out.println();
        System.out.printf("%-4s %14s %14s %14s%n", "", "page 200", "sign-in 302", "CPU until then");
        Start first = null;
        for (Variant variant : variants) {
            Start median = median(starts.get(variant));
            System.out.printf(Locale.ROOT, "%-4s %12.2f s %12.2f s %12.2f s   median of %d; %s, start %s, %s%n",
                    variant.label(), median.page(), median.signIn(), median.cpu(), runs, variant.war(),
                    variant.mode().name().toLowerCase(Locale.ROOT), String.join(" ", variant.jvm()));
            if (first == null) {
                first = median;
            } else {
                System.out.printf(Locale.ROOT, "%-4s %12.2f   %12.2f   %12.2f     ratio to %s%n", "",
                        median.page() / first.page(), median.signIn() / first.signIn(), median.cpu() / first.cpu(),
                        variants.get(0).label());
            }
        }
    }

    private Start start(Variant variant, String name, boolean priming) throws Exception {
        awaitFree(port);
        List<String> command = new ArrayList<>();
        command.add(new File(System.getProperty("java.home"), "bin/java").getPath());
        command.addAll(variant.jvm());
        command.addAll(List.of("-Dlogto.endpoint=" + endpoint, "-Dlogto.app-id=proto-client",
                "-Dlogto.app-secret=proto-secret", "-Dlogto.base-url=http://localhost:" + port,
                "-jar", payara.toAbsolutePath().toString(), "--nohazelcast"));
        if (variant.mode() != Mode.FRESH) {
            command.addAll(List.of("--rootdir", variant.rootDir().resolve("root").toAbsolutePath().toString()));
        }
        command.addAll(List.of("--prebootcommandfile", "server-config/payara/pre-boot-commands.asadmin",
                "--port", String.valueOf(port), "--contextroot", "/"));
        if (variant.mode() != Mode.STORED || priming) {
            command.addAll(List.of("--deploy", variant.rootDir().resolve("logto-jakarta.war").toString()));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(variant.rootDir().resolve(name + ".log").toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("LOGTO_") || key.endsWith("JAVA_OPTIONS")
                || key.equals("JAVA_TOOL_OPTIONS"));
        long launched = System.nanoTime();
        Process process = builder.start();
        try {
            String base = "http://localhost:" + port;
            double page = until(process, launched, base + "/", 200);
            double signIn = until(process, launched, base + "/api/logto/sign-in", 302);
            double cpu = cpuSeconds(process.pid());
            return new Start(page, signIn, cpu);
        } finally {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** Seconds from launch until {@code url} answers {@code status}; polled every 20 ms. */
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

    private static Start median(List<Start> starts) {
        return new Start(median(starts.stream().mapToDouble(Start::page).toArray()),
                median(starts.stream().mapToDouble(Start::signIn).toArray()),
                median(starts.stream().mapToDouble(Start::cpu).toArray()));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The previous server's port may linger a moment after it exits. */
    private static void awaitFree(int port) throws Exception {
        for (int i = 0; i < 500; i++) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress("127.0.0.1", port));
                return;
            } catch (IOException busy) {
                Thread.sleep(20);
            }
        }
        throw new IOException("port " + port + " still busy");
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
