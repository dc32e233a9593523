package com.example.logto.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends malformed requests to the SDK routes over raw sockets, so that nothing (not even {@link URI}) cleans them
 * first: random and oversized values, bytes that are not UTF-8, broken percent-encodings, repeated parameters,
 * junk cookies, and now and then a real signed-in session. Seeded, so a failure can be replayed.
 */
final class Fuzzer {

    private static final List<String> PATHS = List.of("/api/logto/sign-in-callback", "/api/logto/sign-in",
            "/api/logto/sign-up", "/api/logto/sign-out", "/api/logto/user", "/", "/profile");
    private static final List<String> NAMES = List.of("code", "state", "iss", "error", "error_description",
            "returnTo", "direct_sign_in", "first_screen", "login_hint", "ui_locales", "csrf", "fetchUserInfo",
            "getAccessToken", "%", "a%zzb", "");
    private static final List<String> BROKEN = List.of("%", "%z", "%%", "%C3%28", "%00", "%FF%FE", "%E2%82",
            "%0D%0ASet-Cookie:%20x=y", "..%2F..%2F", "%3Cscript%3E", "true", "social:", "sso:%20");

    record Result(int requests, int serverErrors, Map<Integer, Integer> statuses, long millis, List<String> failed) {
        @Override
        public String toString() {
            return requests + " requests, " + serverErrors + " server errors, statuses " + statuses + ", "
                    + millis + " ms" + (failed.isEmpty() ? "" : "; failed: " + failed);
        }
    }

    private final List<String> failed = java.util.Collections.synchronizedList(new ArrayList<>());

    private final URI base;
    private final String session;
    private final long seed;

    Fuzzer(String baseUrl, String signedInSession, long seed) {
        this.base = URI.create(baseUrl);
        this.session = signedInSession;
        this.seed = seed;
    }

    Result run(int requests) throws Exception {
        long started = System.currentTimeMillis();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int worker = 0; worker < 4; worker++) {
                Random random = new Random(seed + worker);
                work.add(pool.submit(() -> {
                    for (int i = 0; i < requests / 4; i++) {
                        int status = send(random);
                        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        Map<Integer, Integer> counts = new TreeMap<>();
        statuses.forEach((status, n) -> counts.put(status, n.get()));
        int errors = counts.entrySet().stream().filter(e -> e.getKey() >= 500 || e.getKey() < 0)
                .mapToInt(Map.Entry::getValue).sum();
        return new Result(counts.values().stream().mapToInt(Integer::intValue).sum(), errors, counts,
                System.currentTimeMillis() - started, List.copyOf(failed.subList(0, Math.min(5, failed.size()))));
    }

    private int send(Random random) throws IOException {
        String path = PATHS.get(random.nextInt(PATHS.size()));
        StringBuilder query = new StringBuilder();
        for (int n = random.nextInt(6); n >= 0; n--) {
            String name = NAMES.get(random.nextInt(NAMES.size()));
            query.append(query.length() == 0 ? "" : "&").append(name).append('=').append(value(random));
            if (random.nextInt(5) == 0) {
                query.append('&').append(name).append('=').append(value(random)); // repeated parameter
            }
        }
        boolean post = path.endsWith("sign-out") && random.nextBoolean();
        String target = post ? path : path + "?" + query;
        StringBuilder head = new StringBuilder((post ? "POST " : "GET ") + target + " HTTP/1.1\r\n")
                .append("Host: ").append(base.getAuthority()).append("\r\n").append("Connection: close\r\n");
        String cookie = cookie(random);
        if (cookie != null) {
            head.append("Cookie: ").append(cookie).append("\r\n");
        }
        byte[] body = post ? query.toString().getBytes(StandardCharsets.ISO_8859_1) : new byte[0];
        if (post) {
            head.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ").append(body.length)
                    .append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1)).readLine();
            int code = status == null ? -1 : Integer.parseInt(status.split(" ")[1]);
            if (code >= 500 || code < 0) {
                failed.add(head.substring(0, Math.min(300, head.length())).replace("\r\n", " | "));
            }
            return code;
        }
    }

    private String value(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> BROKEN.get(random.nextInt(BROKEN.size()));
            case 1 -> percentEncoded(random, 1 + random.nextInt(40));
            case 2 -> percentEncoded(random, 2000 + random.nextInt(7000)); // oversized
            case 3 -> "";
            default -> Long.toString(random.nextLong(), 36);
        };
    }

    private static String percentEncoded(Random random, int bytes) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < bytes; i++) {
            text.append('%').append(String.format("%02X", random.nextInt(256)));
        }
        return text.toString();
    }

    private String cookie(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> null;
            case 1 -> "JSESSIONID=" + session;
            case 2 -> "JSESSIONID=" + Long.toString(random.nextLong(), 36);
            case 3 -> "JSESSIONID=" + "x".repeat(4000 + random.nextInt(4000));
            case 4 -> "JSESSIONID=\"; ;=;; \u0001";
            default -> "JSESSIONID=" + session + "; JSESSIONID=" + Long.toString(random.nextLong(), 36);
        };
    }
}
