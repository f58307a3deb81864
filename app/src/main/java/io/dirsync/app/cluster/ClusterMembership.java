package io.dirsync.app.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This node's view of the cluster: it writes a heartbeat row to {@code cluster_node} and reads which nodes
 * beat within the claim timeout, and how many segments each streaming processor has. Runs on its own thread
 * so a long round of another scheduled job never makes this node look dead to the others.
 */
public class ClusterMembership implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterMembership.class);
    /** Rows of nodes silent this long are deleted: long gone, and no use to an operator any more. */
    private static final Duration FORGET_AFTER = Duration.ofDays(1);

    private final JdbcTemplate jdbc;
    private final ClusterProperties properties;
    private final Clock clock;
    private final ScheduledExecutorService heartbeat;
    private volatile Set<String> liveNodes;
    private final Map<String, Integer> segmentCounts = new ConcurrentHashMap<>();

    public ClusterMembership(JdbcTemplate jdbc, ClusterProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
        this.liveNodes = Set.of(properties.nodeId());
        long started = clock.millis();
        jdbc.update("DELETE FROM cluster_node WHERE node_id = ?", properties.nodeId());
        jdbc.update(
                "INSERT INTO cluster_node (node_id, started_at, last_seen_at) VALUES (?, ?, ?)",
                properties.nodeId(),
                started,
                started);
        refresh();
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cluster-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        long period = properties.heartbeat().toMillis();
        heartbeat.scheduleWithFixedDelay(this::beat, period, period, TimeUnit.MILLISECONDS);
    }

    public String nodeId() {
        return properties.nodeId();
    }

    /** The nodes that beat within the claim timeout, this one always among them. */
    public Set<String> liveNodes() {
        return liveNodes;
    }

    /** Segments of the processor as last seen in the token store; 0 before it first ran. */
    public int segmentCount(String processorName) {
        return segmentCounts.getOrDefault(processorName, 0);
    }

    void beat() {
        try {
            long now = clock.millis();
            if (jdbc.update("UPDATE cluster_node SET last_seen_at = ? WHERE node_id = ?", now, properties.nodeId())
                    == 0) {
                jdbc.update(
                        "INSERT INTO cluster_node (node_id, started_at, last_seen_at) VALUES (?, ?, ?)",
                        properties.nodeId(),
                        now,
                        now);
            }
            jdbc.update("DELETE FROM cluster_node WHERE last_seen_at < ?", now - FORGET_AFTER.toMillis());
            refresh();
        } catch (RuntimeException e) {
            // the database is away: keep the last view; the claims tell the truth once it is back
            log.warn("Cluster heartbeat of {} failed", properties.nodeId(), e);
        }
    }

    private void refresh() {
        long since = clock.millis() - properties.claimTimeout().toMillis();
        List<String> seen =
                jdbc.queryForList("SELECT node_id FROM cluster_node WHERE last_seen_at >= ?", String.class, since);
        Set<String> live = new TreeSet<>(seen);
        live.add(properties.nodeId());
        if (!live.equals(liveNodes)) {
            log.info("Cluster nodes alive: {} (this node: {})", live, properties.nodeId());
        }
        liveNodes = Set.copyOf(live);
        jdbc.query("SELECT processor_name, COUNT(*) FROM token_entry GROUP BY processor_name", row -> {
            segmentCounts.put(row.getString(1), row.getInt(2));
        });
    }

    /** Leaves at once rather than after a claim timeout, so the others take this node's share sooner. */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            jdbc.update("DELETE FROM cluster_node WHERE node_id = ?", properties.nodeId());
        } catch (RuntimeException e) {
            log.debug("Could not remove {} from cluster_node on shutdown", properties.nodeId(), e);
        }
    }
}
