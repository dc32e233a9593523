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
 * cost.idle(20);
 * cost.begin();
 * ... 200 sign-ins ...
 * cost.count("sign-in", "signin", 200);
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
     * Measures the idle traffic for {@code seconds}, the baseline that {@link #count} takes off; best while the
     * session map is nearly empty (see {@link #background}).
     */
    void idle(int seconds) throws Exception {
        idleBytesPerSecond = bytesPerSecond(seconds);
        figures.add("idle_hazelcast_bytes_per_s", Math.round(idleBytesPerSecond));
        rows.add(new String[] {"Hazelcast traffic between idle members, session map nearly empty",
                String.format("%,.0f bytes/s over %d s", idleBytesPerSecond, seconds)});
    }

    /**
     * The traffic between idle members with every session of the run stored, over {@code seconds}: what the
     * stored sessions cost by themselves (Payara's and Hazelcast's periodic work grows with the map).
     */
    void background(int seconds) throws Exception {
        long sessions = members.read().ownedSessions();
        double perSecond = bytesPerSecond(seconds);
        figures.add("background_hazelcast_bytes_per_s", Math.round(perSecond)).add("background_sessions", sessions);
        rows.add(new String[] {"Hazelcast traffic between idle members with " + sessions + " sessions stored",
                String.format("%,.0f bytes/s over %d s", perSecond, seconds)});
    }

    /** Bytes per second between the members while nothing uses the cluster, after a second for pending backups. */
    private double bytesPerSecond(int seconds) throws Exception {
        Thread.sleep(1000);
        begin();
        Thread.sleep(seconds * 1000L);
        return end().bytesSent() / elapsedSeconds();
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
