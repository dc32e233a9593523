package com.example.logto.bench;

import com.example.logto.it.ClusterMember;
import com.example.logto.it.RoundRobinProxy;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's cluster ({@code bench/run --cluster}): two Payara Micro members on loopback started as the
 * README's "Run a cluster" does ({@code server-config/payara/cluster-member}, the heap of {@link PayaraProcess}),
 * nginx round robin in front ({@code server-config/nginx/cluster.conf}), and each member's Hazelcast counters.
 */
final class TwoMembers implements AutoCloseable {

    private final List<ClusterMember> members = new ArrayList<>();
    private final List<HazelcastStats> stats = new ArrayList<>();
    private final long launchedNanos = System.nanoTime();
    private final RoundRobinProxy balancer;
    private final List<Integer> hazelcastPorts;

    /** Launches both members with the app's settings {@code env}; nginx listens on {@code publicPort}. */
    TwoMembers(int publicPort, Map<String, String> env) throws IOException, InterruptedException {
        List<Integer> httpPorts = List.of(Benchmark.freePort(), Benchmark.freePort());
        hazelcastPorts = List.of(Benchmark.freePort(), Benchmark.freePort());
        for (int number = 1; number <= 2; number++) {
            members.add(ClusterMember.start(number, httpPorts, hazelcastPorts, "logto-bench-" + publicPort, env,
                    PayaraProcess.HEAP));
        }
        balancer = RoundRobinProxy.start(publicPort, httpPorts);
    }

    /** Seconds from launch until both members have deployed the WAR and see each other. */
    double secondsUntilClustered(Duration limit) throws IOException, InterruptedException {
        for (ClusterMember member : members) {
            member.awaitCluster(2, limit);
        }
        double seconds = sinceLaunch();
        for (ClusterMember member : members) {
            stats.add(HazelcastStats.attach(member.pid(), Benchmark.freePort()));
        }
        return seconds;
    }

    double sinceLaunch() {
        return (System.nanoTime() - launchedNanos) / 1e9;
    }

    /** Both members' counters added up, and the bytes they sent each other. */
    HazelcastStats.Snapshot read() throws IOException, InterruptedException {
        HazelcastStats.Snapshot total = new HazelcastStats.Snapshot(
                HazelcastStats.bytesBetweenMembers(hazelcastPorts), 0, 0, 0, 0, 0);
        for (HazelcastStats member : stats) {
            total = total.plus(member.read());
        }
        return total;
    }

    @Override
    public void close() throws Exception {
        for (HazelcastStats member : stats) {
            member.close();
        }
        balancer.close();
        for (ClusterMember member : members) {
            member.close();
        }
    }

    static List<String> describe() {
        return List.of("two Payara Micro members clustered on loopback (server-config/payara/cluster-member)",
                "nginx round robin (server-config/nginx/cluster.conf)");
    }
}
