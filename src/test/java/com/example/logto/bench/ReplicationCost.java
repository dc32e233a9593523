package com.example.logto.bench;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * What keeping sessions in the cluster costs ({@code bench/run --cluster}), measured with Hazelcast's own counters
 * ({@link HazelcastStats}), never estimated: bytes the members send each other per sign-in and per signed-in
 * request, with the idle traffic (heartbeats, Hazelcast's bookkeeping) of the same length of time taken off, how
 * often the session is stored, and the size of one stored session.
 *
 * <pre>
 * ReplicationCost cost = new ReplicationCost(members);
 * cost.idle(10);
 * ... sign-ins ...
 * cost.perSignIn(count);
 * </pre>
 */
final class ReplicationCost {

    private final TwoMembers members;
    private final JsonObjectBuilder figures = Json.createObjectBuilder();
    private final List<String[]> rows = new ArrayList<>();
    private double idleBytesPerSecond;
    private HazelcastStats.Snapshot start;
    private long startNanos;

    ReplicationCost(TwoMembers members) {
        this.members = members;
    }

    /**
     * Measures the idle traffic for {@code seconds}, after a second's pause for the backups of the requests before;
     * nothing else may use the cluster meanwhile.
     */
    void idle(int seconds) throws Exception {
        Thread.sleep(1000);
        begin();
        Thread.sleep(seconds * 1000L);
        idleBytesPerSecond = end().bytesSent() / elapsedSeconds();
        figures.add("idle_hazelcast_bytes_per_s", Math.round(idleBytesPerSecond));
        rows.add(new String[] {"Hazelcast traffic between the members when idle", String.format("%,.0f bytes/s", idleBytesPerSecond)});
    }

    /** Starts counting: call before the sign-ins or requests that {@link #count} then divides by. */
    void begin() throws Exception {
        start = members.read();
        startNanos = System.nanoTime();
    }

    /** Bytes sent and session stores since {@link #begin}, per operation, as a row and JSON figures. */
    void count(String what, String key, long operations) throws Exception {
        HazelcastStats.Snapshot delta = end();
        double bytes = (delta.bytesSent() - idleBytesPerSecond * elapsedSeconds()) / operations;
        double stores = delta.stores() / (double) operations;
        figures.add(key + "_hazelcast_bytes", Math.round(bytes)).add(key + "_session_stores", Math.round(stores * 100) / 100.0);
        rows.add(new String[] {"Hazelcast bytes sent between the members / session stores, per " + what,
                String.format("%,.0f bytes / %.2f", bytes, stores)});
    }

    /** The stored size of a session: Hazelcast's cost of the owned entries, over both members. */
    void storedSession() throws Exception {
        HazelcastStats.Snapshot now = members.read();
        long owned = now.ownedCost() / Math.max(1, now.ownedSessions());
        long backup = now.backupCost() / Math.max(1, now.backupSessions());
        figures.add("session_entry_bytes", owned).add("session_backup_entry_bytes", backup)
                .add("sessions_in_map", now.ownedSessions());
        rows.add(new String[] {"Stored session in Hazelcast (entry cost), owned / backup copy, " + now.ownedSessions()
                + " sessions", String.format("%,d / %,d bytes", owned, backup)});
    }

    JsonObjectBuilder figures() {
        return figures;
    }

    List<String[]> rows() {
        return rows;
    }

    private HazelcastStats.Snapshot end() throws Exception {
        return members.read().minus(start);
    }

    private double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
