package com.example.logto.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs Debian's {@code wrk} (a real load generator, two threads) and reads its summary. */
final class Wrk {

    /**
     * Throughput and latency of one run; {@code failures} counts non-2xx/3xx answers and socket errors,
     * {@code requests} every request completed.
     */
    record Result(double requestsPerSecond, double p50Ms, double p99Ms, long failures, long requests) {
    }

    private Wrk() {
    }

    static Result run(String url, String sessionCookie, int seconds, int connections)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c" + connections, "-d" + seconds + "s",
                "--latency", "--timeout", "5s"));
        if (sessionCookie != null) {
            command.addAll(List.of("-H", "Cookie: JSESSIONID=" + sessionCookie));
        }
        command.add(url);
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (wrk.waitFor() != 0) {
            throw new IOException("wrk failed:\n" + output);
        }
        return new Result(number(output, "Requests/sec:\\s+([\\d.]+)"), latency(output, "50%"), latency(output, "99%"),
                (long) number(output, "Non-2xx or 3xx responses:\\s+(\\d+)") + socketErrors(output),
                (long) number(output, "(\\d+) requests in"));
    }

    static String version() {
        try {
            Process wrk = new ProcessBuilder("wrk", "-v").redirectErrorStream(true).start();
            String text = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            wrk.waitFor();
            return text.lines().findFirst().orElse("wrk").trim();
        } catch (IOException | InterruptedException e) {
            return "wrk (unknown version)";
        }
    }

    private static double latency(String output, String percentile) {
        Matcher m = Pattern.compile("\\s" + percentile + "\\s+([\\d.]+)(us|ms|s)\\b").matcher(output);
        if (!m.find()) {
            return Double.NaN;
        }
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }

    private static double number(String output, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(output);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static long socketErrors(String output) {
        Matcher m = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)").matcher(output);
        long errors = 0;
        if (m.find()) {
            for (int i = 1; i <= 4; i++) {
                errors += Long.parseLong(m.group(i));
            }
        }
        return errors;
    }
}
