package com.example.logto.bench;

import com.example.logto.bench.PayaraStart.Mode;
import com.example.logto.bench.PayaraStart.Times;
import com.example.logto.devprovider.LogtoDevProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * {@code bench/cold-start}: Payara Micro's cold start with two or more WARs or JVM option sets, started in turn (A B,
 * then B A, ...) so that the load other people put on the machine falls on every variant alike; medians per variant
 * and their ratio to the first. Each variant has its own {@code --rootdir}, filled by one unmeasured start
 * ({@link PayaraStart} says what one start measures).
 *
 * <p>Arguments, {@code key=value}: {@code LABEL=path/to.war} for each variant, in order; {@code LABEL.jvm="..."} its
 * JVM options (default: {@code jvm=...}, itself by default the README's "JVM options for a small server");
 * {@code LABEL.start=kept|fresh|stored} ({@link Mode}); {@code LABEL.static=true} for a WAR measured only until its
 * {@code /static/app.css} answers (an empty WAR: Payara's own share); {@code LABEL.preboot=file} another pre-boot
 * command file than {@code server-config/payara/pre-boot-commands.asadmin}; {@code runs=5} per variant;
 * {@code payara=target/payara-micro.jar}.
 */
public final class ColdStart {

    /** The README's "JVM options for a small server". */
    static final String README_JVM = "-Xms64m -Xmx192m -XX:+UseG1GC -XX:TieredStopAtLevel=1 "
            + "-XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=192m -Xss512k";

    private static final String PRE_BOOT = "server-config/payara/pre-boot-commands.asadmin";

    private record Variant(String label, Path war, List<String> jvm, Path dir, Mode mode, boolean staticOnly,
                           Path preBoot) {

        /** The same file name for every variant: it names the application Payara deploys. */
        Path deployedWar() {
            return dir.resolve("logto-jakarta.war");
        }

        Path rootDir() {
            return mode == Mode.FRESH ? null : dir.resolve("root");
        }
    }

    private final PayaraStart payara;

    private ColdStart(PayaraStart payara) {
        this.payara = payara;
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
        List<Variant> variants = variants(options);
        int port = freePort();
        String base = "http://localhost:" + port;
        try (LogtoDevProvider provider = LogtoDevProvider.builder().host("127.0.0.1").port(freePort())
                .client("proto-client", "proto-secret", List.of(base + "/api/logto/sign-in-callback"),
                        List.of(base + "/"))
                .build().start()) {
            Path jar = Path.of(options.getOrDefault("payara", "target/payara-micro.jar"));
            new ColdStart(new PayaraStart(jar, provider.endpoint(), port))
                    .run(variants, Integer.parseInt(options.getOrDefault("runs", "5")), port);
        }
        System.exit(0);
    }

    private static List<Variant> variants(Map<String, String> options) throws IOException {
        Path work = Files.createDirectories(Path.of("target/cold-start"));
        List<Variant> variants = new ArrayList<>();
        for (Map.Entry<String, String> option : options.entrySet()) {
            String label = option.getKey();
            if (!label.contains(".") && option.getValue().endsWith(".war")) {
                String jvm = options.getOrDefault(label + ".jvm", options.getOrDefault("jvm", README_JVM));
                Mode mode = Mode.valueOf(options.getOrDefault(label + ".start", "kept").toUpperCase(Locale.ROOT));
                variants.add(new Variant(label, Path.of(option.getValue()), List.of(jvm.trim().split("\\s+")),
                        work.resolve(label), mode, Boolean.parseBoolean(options.get(label + ".static")),
                        Path.of(options.getOrDefault(label + ".preboot", PRE_BOOT))));
            }
        }
        if (variants.isEmpty()) {
            throw new IllegalArgumentException("name at least one variant: LABEL=path/to/app.war");
        }
        return variants;
    }

    private void run(List<Variant> variants, int runs, int port) throws Exception {
        for (Variant variant : variants) {
            deleteTree(variant.dir());
            Files.createDirectories(variant.dir());
            Files.copy(variant.war(), variant.deployedWar(), StandardCopyOption.REPLACE_EXISTING);
            print(variant, "prime", start(variant, "prime", true, port));
        }
        Map<Variant, List<Times>> starts = new LinkedHashMap<>();
        for (int run = 1; run <= runs; run++) {
            List<Variant> order = new ArrayList<>(variants);
            if (run % 2 == 0) {
                Collections.reverse(order); // neither variant always follows the other's shutdown
            }
            for (Variant variant : order) {
                Times times = start(variant, "run" + run, false, port);
                starts.computeIfAbsent(variant, v -> new ArrayList<>()).add(times);
                print(variant, "run " + run, times);
            }
        }
        System.out.printf("%nMedians of %d starts (s)%n%-6s %10s %10s %10s %10s%n", runs, "", "deployed", "page 200",
                "sign-in", "CPU");
        Times first = null;
        for (Variant variant : variants) {
            Times median = median(starts.get(variant));
            System.out.printf(Locale.ROOT, "%-6s %10.2f %10.2f %10.2f %10.2f   %s, start %s, %s%n", variant.label(),
                    median.deployed(), median.page(), median.signIn(), median.cpu(), variant.war(),
                    variant.mode().name().toLowerCase(Locale.ROOT), String.join(" ", variant.jvm()));
            if (first == null) {
                first = median;
            } else {
                System.out.printf(Locale.ROOT, "%-6s %10.2f %10.2f %10.2f %10.2f   ratio to %s%n", "",
                        median.deployed() / first.deployed(), median.page() / first.page(),
                        median.signIn() / first.signIn(), median.cpu() / first.cpu(), variants.get(0).label());
            }
        }
    }

    private Times start(Variant variant, String name, boolean priming, int port) throws Exception {
        awaitFree(port);
        return payara.measure(variant.deployedWar(), variant.jvm(), variant.rootDir(),
                variant.mode() != Mode.STORED || priming, variant.staticOnly(), variant.preBoot(),
                variant.dir().resolve(name + ".log"));
    }

    private static void print(Variant variant, String name, Times times) throws IOException {
        System.out.printf(Locale.ROOT, "%-6s %-6s deployed %6.2f  page %6.2f  sign-in %6.2f  cpu %6.2f  (load %s)%n",
                variant.label(), name, times.deployed(), times.page(), times.signIn(), times.cpu(),
                Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    }

    private static Times median(List<Times> starts) {
        return new Times(median(starts, Times::deployed), median(starts, Times::page), median(starts, Times::signIn),
                median(starts, Times::cpu));
    }

    private static double median(List<Times> starts, ToDoubleFunction<Times> figure) {
        double[] sorted = starts.stream().mapToDouble(figure).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
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
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
