package com.example.logto.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonWriterFactory;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The benchmark's output: the table on the console, {@code target/bench/results*.json} and {@code bench/RESULTS.md}. */
final class ResultsFile {

    private static final String CLUSTER_SECTION = "## Two members behind nginx";
    /** Written by hand from a side-by-side run against Logto's Next.js SDK; every run keeps it, at the end. */
    private static final String PEER_SECTION = "## Side by side with @logto/next";

    private ResultsFile() {
    }

    /**
     * Prints the table and writes the JSON and bench/RESULTS.md: a plain run replaces the file up to the cluster
     * section, which it keeps; a cluster run replaces that section only. Both keep the side-by-side section.
     */
    static void write(boolean cluster, List<String[]> table, JsonObject results) throws IOException {
        StringBuilder text = new StringBuilder("| Measure | Value |\n|---|---|\n");
        for (String[] line : table) {
            text.append("| ").append(line[0]).append(" | ").append(line[1]).append(" |\n");
        }
        StringWriter json = new StringWriter();
        JsonWriterFactory pretty = Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));
        pretty.createWriter(json).write(results);
        String jsonFile = cluster ? "target/bench/results-cluster.json" : "target/bench/results.json";
        Files.writeString(Path.of(jsonFile), json.toString());
        Path markdown = Path.of("bench/RESULTS.md");
        String file = Files.exists(markdown) ? Files.readString(markdown) : "# Benchmark results\n\n";
        int peerSection = file.contains(PEER_SECTION) ? file.indexOf(PEER_SECTION) : file.length();
        String previous = file.substring(0, peerSection);
        String peer = peerSection < file.length() ? "\n" + file.substring(peerSection) : "";
        int clusterSection = previous.contains(CLUSTER_SECTION) ? previous.indexOf(CLUSTER_SECTION) : previous.length();
        String run = "(" + Instant.now() + ", " + Runtime.getRuntime().availableProcessors() + " cores, loopback). ";
        String figures = text + "\nMachine-readable: `" + jsonFile + "`:\n\n```json\n" + json + "\n```\n";
        Files.writeString(markdown, cluster
                ? previous.substring(0, clusterSection).stripTrailing() + "\n\n" + CLUSTER_SECTION + "\n\nLatest run of `bench/run --cluster` "
                        + run + "Every request goes through nginx to alternate members; the static baseline too.\n\n"
                        + figures + peer
                : "# Benchmark results\n\nLatest run of `bench/run` " + run + "Absolute figures move with the "
                        + "machine; compare the ratios, measured in one run.\n\n" + figures
                        + (clusterSection < previous.length() ? "\n" + previous.substring(clusterSection).stripTrailing() + "\n" : "")
                        + peer);
        System.out.println("\n" + text);
        System.out.println("Wrote " + jsonFile + " and bench/RESULTS.md");
    }
}
