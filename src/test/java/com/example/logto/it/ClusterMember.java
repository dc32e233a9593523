package com.example.logto.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One Payara Micro cluster member with the packaged WAR, a child process started by
 * {@code server-config/payara/cluster-member} exactly as the README runs it; only the ports are reserved ones.
 * Its output goes to {@code target/cluster/member-<n>.log}.
 *
 * <pre>
 * ClusterMember first = ClusterMember.start(1, httpPorts, hazelcastPorts, "logto-it", env, "-Xmx512m");
 * first.awaitCluster(2, Duration.ofMinutes(3));
 * </pre>
 */
public final class ClusterMember implements AutoCloseable {

    private static final Path DIR = Path.of("target", "cluster");

    private final int httpPort;
    private final Path log;
    private final Process process;

    private ClusterMember(int httpPort, Path log, Process process) {
        this.httpPort = httpPort;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts member {@code number} (1 for the first) of the cluster whose members listen on {@code httpPorts} and
     * {@code hazelcastPorts}, with the app's {@code LOGTO_*} settings in {@code env}.
     */
    public static ClusterMember start(int number, List<Integer> httpPorts, List<Integer> hazelcastPorts,
            String clusterName, Map<String, String> env, String javaOptions) throws IOException {
        Files.createDirectories(DIR);
        Path log = DIR.resolve("member-" + number + ".log");
        ProcessBuilder builder = new ProcessBuilder("server-config/payara/cluster-member", String.valueOf(number))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("LOGTO_"));
        environment.putAll(env);
        environment.put("CLUSTER_HTTP_PORTS", join(httpPorts));
        environment.put("CLUSTER_HAZELCAST_PORTS", join(hazelcastPorts));
        environment.put("CLUSTER_NAME", clusterName);
        environment.put("JAVA", new File(System.getProperty("java.home"), "bin/java").getPath());
        environment.put("JAVA_OPTS", javaOptions);
        return new ClusterMember(httpPorts.get(number - 1), log, builder.start());
    }

    /** Waits until the WAR is deployed and this member sees {@code size} members in its data grid. */
    public void awaitCluster(int size, Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        // Payara's own lines: "Payara Data Grid State: ... DG Size: 2", "Payara Micro ... ready in 21,482 (ms)"
        while (!(log().contains("DG Size: " + size) && log().contains(") ready in "))) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("member on port " + httpPort + " is not up in a cluster of " + size
                        + (process.isAlive() ? " within " + limit : ", it exited") + "; see " + log.toAbsolutePath());
            }
            Thread.sleep(250);
        }
        // "ready" is logged even when the HTTP listener failed to start: only the port tells.
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        if (!LocalPort.awaitListening(httpPort, left, process::isAlive)) {
            throw new IllegalStateException("member on port " + httpPort + " logged ready, but nothing listens on"
                    + " its HTTP port; see " + log.toAbsolutePath());
        }
    }

    /** {@code 127.0.0.1:<http port>}, as nginx names this member in {@link RoundRobinProxy#UPSTREAM_HEADER}. */
    public String address() {
        return "127.0.0.1:" + httpPort;
    }

    /** This member's own URL for {@code path}, past the load balancer. */
    public String url(String path) {
        return "http://" + address() + path;
    }

    /** The member's JVM (the script execs java). */
    public long pid() {
        return process.pid();
    }

    public String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /**
     * The local addresses of this member's sockets, from {@code ss} with {@code options} (e.g. {@code -tln} for
     * listening TCP sockets, {@code -uan} for every UDP socket), e.g. {@code [::ffff:127.0.0.1]:5900}.
     */
    public List<String> sockets(String options) throws IOException, InterruptedException {
        Process ss = new ProcessBuilder("ss", "-H", "-p", options).redirectErrorStream(true).start();
        String output = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (ss.waitFor() != 0) {
            throw new IllegalStateException("ss " + options + " failed: " + output);
        }
        String owner = "pid=" + process.pid() + ",";
        return output.lines().filter(line -> line.contains(owner))
                .map(line -> line.trim().split("\\s+")[3]).collect(Collectors.toList());
    }

    /** Kills the JVM at once (SIGKILL), as a crash or a lost host would: no shutdown, no session hand-over. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static String join(List<Integer> ports) {
        return ports.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
