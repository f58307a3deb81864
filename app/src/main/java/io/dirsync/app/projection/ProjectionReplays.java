package io.dirsync.app.projection;

import io.dirsync.app.cluster.ClusterMembership;
import io.dirsync.app.cluster.ClusterProperties;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Replays a streaming projection across every node. Axon resets tokens only when it can claim every segment,
 * so the requesting node records the request in {@code projection_replay}; each other node, checking every
 * heartbeat, stops its processor (releasing its claims) while the request is open. The requester stops its
 * own, resets the tokens as soon as it can claim them all, releases them, and starts again; the others start
 * again when they see the request closed. A request left open by a node that died is over after
 * {@link #abandonedAfter}, so no node stays stopped. A rebuild in sets ({@link RebuildsInSets}) stops the processor the
 * same way, but only for the moment of its switch.
 */
@Component
public class ProjectionReplays implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProjectionReplays.class);
    static final String OPEN = "stopping";
    static final String DONE = "done";
    static final String FAILED = "failed";

    private final EventProcessingConfiguration processing;
    private final TokenStore tokenStore;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ClusterMembership cluster;
    private final long resetDeadlineMs;
    private final long abandonedAfter;
    private final ExecutorService replays = Executors.newSingleThreadExecutor(daemon("projection-replay"));
    private final ScheduledExecutorService follower =
            Executors.newSingleThreadScheduledExecutor(daemon("projection-replay-follower"));
    /** Processors this node stopped for another node's replay, to start again when it is over. */
    private final Set<String> stoppedForOthers = ConcurrentHashMap.newKeySet();

    public ProjectionReplays(
            EventProcessingConfiguration processing,
            TokenStore tokenStore,
            JdbcTemplate jdbc,
            PlatformTransactionManager transactionManager,
            ClusterMembership cluster,
            ClusterProperties properties) {
        this.processing = processing;
        this.tokenStore = tokenStore;
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.cluster = cluster;
        // other nodes stop within a heartbeat; their claims are released at once, or expire after the claim timeout
        this.resetDeadlineMs = properties.claimTimeout().multipliedBy(3).toMillis();
        this.abandonedAfter = resetDeadlineMs * 2;
        long period = properties.heartbeat().toMillis();
        follower.scheduleWithFixedDelay(this::followOtherNodes, period, period, TimeUnit.MILLISECONDS);
    }

    /** Starts a replay of the processor on every node; false while one of it is already under way. */
    public boolean request(StreamingEventProcessor processor) {
        long now = System.currentTimeMillis();
        if (!open(processor.getName(), now)) {
            return false;
        }
        replays.submit(() -> replay(processor, now));
        return true;
    }

    /**
     * Runs {@code whileStopped} with the processor stopped on every node and each of its segments claimed here (it is
     * given their numbers), then releases them and starts the processor again everywhere: the moment a rebuild puts
     * its tables in place and moves the tokens. False, and nothing run, while a replay of it is under way.
     */
    public boolean whileStoppedEverywhere(StreamingEventProcessor processor, Consumer<int[]> whileStopped)
            throws InterruptedException {
        String name = processor.getName();
        long now = System.currentTimeMillis();
        if (!open(name, now)) {
            return false;
        }
        String outcome = FAILED;
        int[] segments = new int[0];
        try {
            processor.shutDown();
            segments = claimEverySegment(name, now + resetDeadlineMs);
            whileStopped.accept(segments);
            outcome = DONE;
        } finally {
            for (int segment : segments) {
                try {
                    tokenStore.releaseClaim(name, segment);
                } catch (RuntimeException e) {
                    log.warn("Could not release segment {} of {}; its claim times out", segment, name, e);
                }
            }
            close(name, now, outcome);
            processor.start();
        }
        return true;
    }

    /** Every segment's claim, taken as soon as the other nodes have let it go (they stop within a heartbeat). */
    private int[] claimEverySegment(String name, long deadline) throws InterruptedException {
        int[] segments = tokenStore.fetchSegments(name);
        for (int segment : segments) {
            while (true) {
                try {
                    transactions.executeWithoutResult(status -> tokenStore.fetchToken(name, segment));
                    break;
                } catch (UnableToClaimTokenException stillClaimed) {
                    if (System.currentTimeMillis() > deadline) {
                        throw stillClaimed;
                    }
                    Thread.sleep(250);
                }
            }
        }
        return segments;
    }

    /** Records an open request for the processor; false while another one is open. */
    private boolean open(String name, long now) {
        jdbc.update(
                "DELETE FROM projection_replay WHERE processor_name = ? AND (state <> ? OR requested_at < ?)",
                name,
                OPEN,
                now - abandonedAfter);
        try {
            jdbc.update(
                    "INSERT INTO projection_replay (processor_name, requested_by, requested_at, state) VALUES (?, ?, ?, ?)",
                    name,
                    cluster.nodeId(),
                    now,
                    OPEN);
            return true;
        } catch (DuplicateKeyException underWay) {
            return false;
        }
    }

    private void close(String name, long requestedAt, String outcome) {
        jdbc.update(
                "UPDATE projection_replay SET state = ?, finished_at = ? WHERE processor_name = ? AND requested_at = ?"
                        + " AND requested_by = ?",
                outcome,
                System.currentTimeMillis(),
                name,
                requestedAt,
                cluster.nodeId());
    }

    /** The last replay of the processor, for {@code GET /api/projections}. */
    public Optional<Map<String, Object>> last(String processorName) {
        return jdbc
                .query(
                        "SELECT requested_by, requested_at, state, finished_at FROM projection_replay WHERE processor_name = ?",
                        (row, i) -> {
                            Map<String, Object> view = new LinkedHashMap<>();
                            view.put("requestedBy", row.getString(1));
                            view.put(
                                    "requestedAt",
                                    Instant.ofEpochMilli(row.getLong(2)).toString());
                            view.put("state", row.getString(3));
                            long finished = row.getLong(4);
                            view.put(
                                    "finishedAt",
                                    row.wasNull()
                                            ? null
                                            : Instant.ofEpochMilli(finished).toString());
                            return view;
                        },
                        processorName)
                .stream()
                .findFirst();
    }

    private void replay(StreamingEventProcessor processor, long requestedAt) {
        String outcome = FAILED;
        try {
            processor.shutDown();
            resetWhenEveryClaimIsFree(processor, requestedAt + resetDeadlineMs);
            // the reset claimed every segment for this node: hand them back so each node takes its share at once
            for (int segment : tokenStore.fetchSegments(processor.getName())) {
                tokenStore.releaseClaim(processor.getName(), segment);
            }
            outcome = DONE;
            log.info("Replay of {} started", processor.getName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error(
                    "Replay of {} could not start: another node kept its claims (see README, Several nodes)",
                    processor.getName(),
                    e);
        } finally {
            close(processor.getName(), requestedAt, outcome);
            processor.start();
        }
    }

    private static void resetWhenEveryClaimIsFree(StreamingEventProcessor processor, long deadline)
            throws InterruptedException {
        while (true) {
            try {
                processor.resetTokens();
                return;
            } catch (UnableToClaimTokenException stillClaimed) {
                if (System.currentTimeMillis() > deadline) {
                    throw stillClaimed;
                }
                Thread.sleep(250);
            }
        }
    }

    void followOtherNodes() {
        try {
            long openSince = System.currentTimeMillis() - abandonedAfter;
            List<String> open = jdbc.queryForList(
                    "SELECT processor_name FROM projection_replay WHERE state = ? AND requested_at >= ?"
                            + " AND requested_by <> ?",
                    String.class,
                    OPEN,
                    openSince,
                    cluster.nodeId());
            for (String name : open) {
                processing
                        .eventProcessor(name, StreamingEventProcessor.class)
                        .filter(StreamingEventProcessor::isRunning)
                        .ifPresent(processor -> {
                            stoppedForOthers.add(name);
                            processor.shutDown();
                            log.info("Stopped {} while another node replays it", name);
                        });
            }
            for (String name : stoppedForOthers) {
                if (!open.contains(name)) {
                    stoppedForOthers.remove(name);
                    processing
                            .eventProcessor(name, StreamingEventProcessor.class)
                            .ifPresent(StreamingEventProcessor::start);
                    log.info("Started {} again after another node's replay", name);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Could not follow other nodes' replays; trying again next heartbeat", e);
        }
    }

    @Override
    public void close() {
        follower.shutdownNow();
        replays.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
