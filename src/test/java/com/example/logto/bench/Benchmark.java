package com.example.logto.bench;

import com.example.logto.devprovider.LogtoDevProvider;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark ({@code bench/run}): the packaged WAR on Payara Micro against the Logto-shaped provider, all on
 * loopback. Phases, in order: cold start, warm-up, sequential sign-ins, 8 and 64 concurrent sign-ins, request
 * overhead with {@code wrk} (signed-in JSON and /profile against a static file, interleaved, median of three),
 * heap per session and RSS at 10,000 sessions. Prints a table, writes {@code target/bench/results.json} and
 * {@code bench/RESULTS.md}.
 *
 * <p>{@code bench/run --cluster} measures two clustered members behind nginx instead ({@link TwoMembers}): what
 * session replication costs ({@link ReplicationCost}) first, then the same phases up to the request overhead, all
 * through the balancer, and instead of the memory phase the background traffic and size of the stored sessions; {@code target/bench/results-cluster.json} and its own
 * section of {@code bench/RESULTS.md}.
 */
public final class Benchmark {

    private static final int ROUNDS = 3;
    private static final int WRK_SECONDS = 5;
    private static final int SEQUENTIAL = 200;
    private static final int HEAP_SAMPLE = 2000;
    private static final int TOTAL_SESSIONS = 10_000;

    private static final int IDLE_SECONDS = 20;
    private static final int BACKGROUND_SECONDS = 90;
    private static final int REPLICATION_SIGN_INS = 200;

    private final boolean cluster;
    private final AtomicInteger users = new AtomicInteger();
    private final AtomicLong failures = new AtomicLong();
    private final JsonObjectBuilder results = Json.createObjectBuilder();
    private final List<String[]> table = new ArrayList<>();
    private SignInClient client;

    public static void main(String[] args) throws Exception {
        new Benchmark(List.of(args).contains("--cluster")).run();
        System.exit(0);
    }

    private Benchmark(boolean cluster) {
        this.cluster = cluster;
    }

    private void run() throws Exception {
        int appPort = freePort();
        String base = "http://127.0.0.1:" + appPort;
        Files.createDirectories(Path.of("target/bench"));
        try (LogtoDevProvider provider = LogtoDevProvider.builder().host("127.0.0.1").port(freePort())
                .client("bench-app", "bench-secret", List.of(base + "/api/logto/sign-in-callback"), List.of(base + "/"))
                .build().start()) {
            Map<String, String> env = Map.of("LOGTO_ENDPOINT", provider.endpoint(), "LOGTO_APP_ID", "bench-app",
                    "LOGTO_APP_SECRET", "bench-secret", "LOGTO_BASE_URL", base);
            client = new SignInClient(base);
            if (cluster) {
                try (TwoMembers members = new TwoMembers(appPort, env)) {
                    double clustered = members.secondsUntilClustered(Duration.ofMinutes(4));
                    client.signIn("cold-user");
                    row("Cold start: both members clustered / first sign-in", "%.2f s / %.2f s", clustered,
                            members.sinceLaunch());
                    results.add("cold_start_s", round(members.sinceLaunch())).add("cold_start_clustered_s", round(clustered));
                    ReplicationCost cost = replication(members, base);
                    signInsAndRequests(provider, base);
                    cost.background(BACKGROUND_SECONDS);
                    cost.storedSession();
                    cost.rows().forEach(line -> row(line[0], "%s", line[1]));
                    results.add("replication", cost.figures());
                }
            } else {
                try (PayaraProcess payara = new PayaraProcess(appPort, env, Path.of("target/bench/payara.log"))) {
                    double firstPage = payara.secondsUntilServed(base + "/static/app.css", Duration.ofMinutes(3));
                    client.signIn("cold-user");
                    double firstSignIn = payara.sinceLaunch();
                    row("Cold start: first page / first sign-in", "%.2f s / %.2f s", firstPage, firstSignIn);
                    results.add("cold_start_s", round(firstSignIn)).add("cold_start_first_page_s", round(firstPage));
                    signInsAndRequests(provider, base);
                    memory(payara);
                }
            }
            row("Sign-in failures (all phases after warm-up)", "%d", failures.get());
            results.add("signin_failures", failures.get());
        }
        results.add("cores", Runtime.getRuntime().availableProcessors())
                .add("versions", Json.createArrayBuilder(PayaraProcess.describe()).add(Wrk.version())
                        .add("provider: LogtoDevProvider (src/test/java/.../devprovider)"))
                .add("measured_at", Instant.now().toString());
        if (cluster) {
            results.add("setup", Json.createArrayBuilder(TwoMembers.describe()));
        }
        ResultsFile.write(cluster, table, results.build());
    }

    /** Warm-up, then the sign-in and request phases, the same for one server and for the cluster. */
    private void signInsAndRequests(LogtoDevProvider provider, String base) throws Exception {
        concurrentSignIns(8, Duration.ofSeconds(10)); // warm-up
        for (int i = 0; i < ROUNDS; i++) {
            Wrk.run(base + "/api/logto/user", client.signIn("warm-" + i).sessionCookie(), 2, 16);
        }
        failures.set(0);

        sequentialSignIns(provider, "", "provider_calls_per_signin");
        sequentialSignIns(provider, "member", "provider_calls_per_signin_with_role");
        double c8 = concurrentSignIns(8, Duration.ofSeconds(10));
        double c64 = concurrentSignIns(64, Duration.ofSeconds(10));
        row("Sign-ins per second, 8 / 64 concurrent users", "%.0f / %.0f", c8, c64);
        results.add("signin_per_s_c8", round(c8)).add("signin_per_s_c64", round(c64));

        overhead(base);
    }

    /**
     * Sequential sign-ins of users with {@code roles}; records the round trip, the callback split, and the
     * provider calls per sign-in under {@code callsKey}. Soteria asks userinfo for groups when the ID token's
     * {@code roles} claim is empty, so users without roles cost one call more (bench/README.md).
     */
    private void sequentialSignIns(LogtoDevProvider provider, String roles, String callsKey) throws Exception {
        provider.clearRequests();
        Duration tokenBusyBefore = provider.busyTime("/oidc/token");
        List<Long> totals = new ArrayList<>();
        List<Long> callbacks = new ArrayList<>();
        for (int i = 0; i < SEQUENTIAL; i++) {
            SignInClient.Result result = client.signIn("seq-" + users.incrementAndGet(), roles);
            totals.add(result.totalNanos());
            callbacks.add(result.callbackNanos());
        }
        double providerTokenMs = provider.busyTime("/oidc/token").minus(tokenBusyBefore).toNanos() / 1e6 / SEQUENTIAL;
        JsonObjectBuilder calls = Json.createObjectBuilder();
        for (String path : List.of("/oidc/.well-known/openid-configuration", "/oidc/jwks", "/oidc/token", "/oidc/me",
                "/oidc/token/revocation")) {
            calls.add(path.substring(path.lastIndexOf('/') + 1), round(provider.requests(path).size() / (double) SEQUENTIAL));
        }
        JsonObject perSignIn = calls.build();
        double callbackP50 = percentile(callbacks, 50);
        String who = roles.isEmpty() ? "users without roles" : "users with a role";
        row("Provider calls per warm sign-in, " + who, "%s", perSignIn);
        results.add(callsKey, perSignIn);
        if (!roles.isEmpty()) {
            return;
        }
        row("Sequential sign-in round trip p50 / p99", "%.1f ms / %.1f ms", percentile(totals, 50), percentile(totals, 99));
        row("Callback p50: app-side / provider's token response", "%.1f ms / %.1f ms", callbackP50 - providerTokenMs,
                providerTokenMs);
        results.add("signin_p50_ms", round(percentile(totals, 50))).add("signin_p99_ms", round(percentile(totals, 99)))
                .add("callback_app_p50_ms", round(callbackP50 - providerTokenMs))
                .add("callback_provider_token_ms", round(providerTokenMs));
    }

    /** Sign-ins per second with {@code concurrency} users each signing in again and again for {@code duration}. */
    private double concurrentSignIns(int concurrency, Duration duration) throws InterruptedException {
        return signInsUntil(concurrency, Integer.MAX_VALUE, duration);
    }

    private double signInsUntil(int concurrency, int count, Duration limit) throws InterruptedException {
        return signInsUntil(concurrency, count, limit, "");
    }

    private double signInsUntil(int concurrency, int count, Duration limit, String roles) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        AtomicInteger done = new AtomicInteger();
        long started = System.nanoTime();
        long deadline = started + limit.toNanos();
        for (int i = 0; i < concurrency; i++) {
            pool.execute(() -> {
                while (System.nanoTime() < deadline && done.get() < count) {
                    try {
                        client.signIn("user-" + users.incrementAndGet(), roles);
                        done.incrementAndGet();
                    } catch (IOException | RuntimeException e) {
                        failures.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(limit.toSeconds() + 60, TimeUnit.SECONDS);
        return done.get() / ((System.nanoTime() - started) / 1e9);
    }

    private void overhead(String base) throws Exception {
        String session = client.signIn("wrk-user").sessionCookie();
        List<Wrk.Result> statics = new ArrayList<>();
        List<Wrk.Result> json = new ArrayList<>();
        List<Wrk.Result> profile = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            statics.add(Wrk.run(base + "/static/app.css", null, WRK_SECONDS, 32));
            json.add(Wrk.run(base + "/api/logto/user", session, WRK_SECONDS, 32));
            profile.add(Wrk.run(base + "/profile", session, WRK_SECONDS, 32));
        }
        if (!client.get(base + "/api/logto/user", session).contains("\"isAuthenticated\":true")) {
            throw new IllegalStateException("the session was lost during the load: figures would be anonymous");
        }
        Wrk.Result s = median(statics);
        Wrk.Result j = median(json);
        Wrk.Result p = median(profile);
        for (Object[] line : List.of(new Object[] {"static /static/app.css", s}, new Object[] {"signed-in /api/logto/user", j},
                new Object[] {"signed-in /profile", p})) {
            Wrk.Result r = (Wrk.Result) line[1];
            row("wrk " + line[0] + ": req/s, p50, p99, failures", "%.0f, %.2f ms, %.2f ms, %d",
                    r.requestsPerSecond(), r.p50Ms(), r.p99Ms(), r.failures());
        }
        row("Overhead ratio /api/logto/user : static (median of 3)", "%.2f", j.requestsPerSecond() / s.requestsPerSecond());
        row("Overhead ratio /profile : static (median of 3)", "%.2f", p.requestsPerSecond() / s.requestsPerSecond());
        results.add("overhead_ratio_user_json", round(j.requestsPerSecond() / s.requestsPerSecond()))
                .add("overhead_ratio_profile", round(p.requestsPerSecond() / s.requestsPerSecond()))
                .add("static_req_per_s", round(s.requestsPerSecond()))
                .add("user_json_req_per_s", round(j.requestsPerSecond()))
                .add("user_json_p50_ms", round(j.p50Ms())).add("user_json_p99_ms", round(j.p99Ms()))
                .add("profile_req_per_s", round(p.requestsPerSecond()))
                .add("wrk_failures", s.failures() + j.failures() + p.failures());
    }

    /**
     * Cluster only, first, while the session map is nearly empty: the Hazelcast traffic per sign-in and per
     * signed-in request ({@link ReplicationCost}); the background traffic and the stored size are measured at the
     * end, with every session of the run stored.
     */
    private ReplicationCost replication(TwoMembers members, String base) throws Exception {
        ReplicationCost cost = new ReplicationCost(members);
        cost.idle(IDLE_SECONDS);
        cost.begin();
        for (int i = 0; i < REPLICATION_SIGN_INS; i++) {
            client.signIn("replicated-" + users.incrementAndGet());
        }
        cost.count("sign-in", "signin", REPLICATION_SIGN_INS);
        String session = client.signIn("replicated-requests").sessionCookie();
        for (String[] route : List.of(new String[] {"/api/logto/user", "user_json"}, new String[] {"/profile", "profile"})) {
            cost.begin();
            Wrk.Result load = Wrk.run(base + route[0], session, WRK_SECONDS, 8);
            cost.count("signed-in " + route[0] + " request", route[1] + "_request", load.requests());
        }
        return cost;
    }

    private void memory(PayaraProcess payara) throws Exception {
        long perSession = heapPerSession(payara, "");
        long perSessionWithRole = heapPerSession(payara, "member");
        int remaining = TOTAL_SESSIONS - users.get();
        if (remaining > 0) {
            signInsUntil(32, remaining, Duration.ofMinutes(5));
        }
        payara.usedHeapAfterGc();
        double rss = payara.rssMb();
        row("Heap kept per signed-in session, users without roles / with a role", "%,d / %,d bytes", perSession,
                perSessionWithRole);
        row("Process RSS with " + users.get() + " sessions (" + PayaraProcess.HEAP + ")", "%.0f MiB", rss);
        results.add("session_heap_bytes", perSession).add("session_heap_bytes_with_role", perSessionWithRole)
                .add("rss_mb_10k_sessions", round(rss))
                .add("sessions_at_rss", users.get());
    }

    /**
     * Heap kept per session: used heap after full GCs, before and after {@code HEAP_SAMPLE} more sign-ins. Users
     * without roles also keep the userinfo document Soteria fetched for their groups (bench/README.md).
     */
    private long heapPerSession(PayaraProcess payara, String roles) throws Exception {
        long before = payara.usedHeapAfterGc();
        signInsUntil(16, HEAP_SAMPLE, Duration.ofMinutes(5), roles);
        return (payara.usedHeapAfterGc() - before) / HEAP_SAMPLE;
    }

    private void row(String measure, String format, Object... values) {
        String value = String.format(format, values);
        table.add(new String[] {measure, value});
        System.out.printf("%-70s %s%n", measure, value);
    }

    private static Wrk.Result median(List<Wrk.Result> results) {
        List<Wrk.Result> sorted = new ArrayList<>(results);
        sorted.sort((a, b) -> Double.compare(a.requestsPerSecond(), b.requestsPerSecond()));
        return sorted.get(sorted.size() / 2);
    }

    private static double percentile(List<Long> nanos, int percentile) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1)) / 1e6;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
