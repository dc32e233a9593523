package com.example.logto.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Hazelcast figures of the cluster: the bytes its members have sent each other, counted by the kernel on their
 * Hazelcast connections ({@code ss -ti}: exact, and current, where Hazelcast's own {@code tcp.*} metrics are
 * snapshots taken every 5 s), and each member's share of the web-session map, read over JMX. The JMX agent is
 * started in the running member with
 * {@code jcmd <pid> ManagementAgent.start} on a loopback port, which opens that one port only (a
 * {@code -Dcom.sun.management.jmxremote.port} at launch would also open a local connector on every interface).
 */
final class HazelcastStats implements AutoCloseable {

    /** Cumulative counters of one member at one moment. */
    record Snapshot(long bytesSent, long ownedSessions, long ownedCost, long backupSessions, long backupCost,
            long stores) {
        Snapshot minus(Snapshot earlier) {
            return new Snapshot(bytesSent - earlier.bytesSent, ownedSessions - earlier.ownedSessions,
                    ownedCost - earlier.ownedCost, backupSessions - earlier.backupSessions,
                    backupCost - earlier.backupCost, stores - earlier.stores);
        }

        Snapshot plus(Snapshot other) {
            return new Snapshot(bytesSent + other.bytesSent, ownedSessions + other.ownedSessions,
                    ownedCost + other.ownedCost, backupSessions + other.backupSessions,
                    backupCost + other.backupCost, stores + other.stores);
        }
    }

    private static final Pattern BYTES_ACKED = Pattern.compile("bytes_acked:(\\d+)");

    private final JMXConnector connector;
    private final MBeanServerConnection server;

    private HazelcastStats(JMXConnector connector) throws IOException {
        this.connector = connector;
        this.server = connector.getMBeanServerConnection();
    }

    static HazelcastStats attach(long pid, int port) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(new File(System.getProperty("java.home"), "bin/jcmd").getPath(),
                String.valueOf(pid), "ManagementAgent.start", "jmxremote.host=127.0.0.1", "jmxremote.port=" + port,
                "jmxremote.rmi.port=" + port, "jmxremote.authenticate=false", "jmxremote.ssl=false")
                .redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (jcmd.waitFor() != 0 || !output.contains("successfully")) {
            throw new IOException("cannot start JMX in " + pid + ": " + output);
        }
        return new HazelcastStats(JMXConnectorFactory.connect(
                new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi")));
    }

    /**
     * Bytes acknowledged on every established TCP connection to or from one of {@code ports} (the members'
     * Hazelcast ports): each byte that one member sent another, counted once, at the sender's end.
     */
    static long bytesBetweenMembers(List<Integer> ports) throws IOException, InterruptedException {
        String filter = ports.stream().map(port -> "sport = :" + port + " or dport = :" + port)
                .collect(Collectors.joining(" or ", "( ", " )"));
        Process ss = new ProcessBuilder("ss", "-tinH", "state", "established", filter).redirectErrorStream(true).start();
        String output = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (ss.waitFor() != 0) {
            throw new IOException("ss failed: " + output);
        }
        long bytes = 0;
        for (Matcher acked = BYTES_ACKED.matcher(output); acked.find(); ) {
            bytes += Long.parseLong(acked.group(1));
        }
        return bytes;
    }

    /**
     * This member's share of the web-session map, the one map Payara does not name {@code payara*} (named after
     * the context root, so "" for "/"), with {@code bytesSent} 0. Entry cost is Hazelcast's heap cost of the stored
     * (serialized) entries; the stores count sets and puts.
     */
    Snapshot read() throws IOException {
        try {
            for (ObjectName map : server.queryNames(new ObjectName("com.hazelcast:type=IMap,*"), null)) {
                if (!map.getKeyProperty("name").startsWith("payara")) {
                    return new Snapshot(0, number(map, "localOwnedEntryCount"), number(map, "localOwnedEntryMemoryCost"),
                            number(map, "localBackupEntryCount"), number(map, "localBackupEntryMemoryCost"),
                            number(map, "localSetOperationCount") + number(map, "localPutOperationCount"));
                }
            }
            return new Snapshot(0, 0, 0, 0, 0, 0); // no session stored on this member yet
        } catch (JMException e) {
            throw new IOException("cannot read Hazelcast's MBeans", e);
        }
    }

    private long number(ObjectName name, String attribute) throws JMException, IOException {
        return ((Number) server.getAttribute(name, attribute)).longValue();
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
