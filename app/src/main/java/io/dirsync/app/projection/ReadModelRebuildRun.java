package io.dirsync.app.projection;

import io.dirsync.query.rebuild.AggregateRebuild;
import io.dirsync.query.rebuild.AggregateRebuild.Outcome;
import io.dirsync.query.rebuild.AggregateSetRebuild;
import io.dirsync.query.support.SqlLists;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/**
 * One rebuild of one read model: every aggregate whose creating event was stored when it began, in the order they were
 * created, a batch of ids per query. Aggregates created later are written by the live handler from their first event.
 * An aggregate with several creating events (a connection's role mappings replaced again, a user's next session) is
 * rebuilt once, at its first. Aggregate by aggregate ({@link AggregateRebuild}, {@code .../replay}), or a batch in one
 * transaction ({@link AggregateSetRebuild}, {@code .../rebuild}), which falls back to one by one for a batch that fails.
 * <p>
 * Batches of aggregates may run several at a time: each is one transaction, and a batch's JVM work (opening and
 * applying its events) then overlaps another's writes in the database, which alone left each side idle half the time.
 * Their aggregates are distinct, so their main rows' locks never cross; a set attempt that loses a deadlock anyway (on
 * another table's unique key, or to a command) is tried again, as before. A batch that fails for good is rebuilt one
 * by one on the calling thread once the batches before it have committed, as it would be one batch at a time.
 */
final class ReadModelRebuildRun {
    private static final Logger log = LoggerFactory.getLogger(ReadModelRebuildRun.class);
    private static final int ONE_BY_ONE_BATCH = 100;
    private static final int ATTEMPTS = 3;
    /** Far longer than a command's transaction: one that was in flight when a missing row was written has ended. */
    private static final Duration SECOND_PASS_AFTER = Duration.ofSeconds(1);

    private final AggregateRebuild rebuild;
    private final AggregateSetRebuild setRebuild;
    private final int batch;
    private final int parallelBatches;
    private final String creatingEvent;
    private final JdbcTemplate jdbc;
    private final Deque<Missing> secondPass = new ArrayDeque<>();
    private long rebuilt;
    private long failed;
    private String firstError;

    /** Called after every batch with the aggregates rebuilt and failed so far, and the total. */
    interface Progress {
        void report(long rebuilt, long failed, long total);
    }

    private record Created(long index, String aggregateId) {}

    private record Missing(String aggregateId, long lastSequence, long at) {}

    ReadModelRebuildRun(AggregateRebuild rebuild, Class<?> creatingEvent, JdbcTemplate jdbc) {
        this(rebuild, null, ONE_BY_ONE_BATCH, 1, creatingEvent, jdbc);
    }

    /**
     * @param setRebuild      rebuilds {@code batch} aggregates a transaction; null for one by one
     * @param parallelBatches how many set batches may be under way at once (1: each on the calling thread)
     */
    ReadModelRebuildRun(
            AggregateRebuild rebuild,
            AggregateSetRebuild setRebuild,
            int batch,
            int parallelBatches,
            Class<?> creatingEvent,
            JdbcTemplate jdbc) {
        this.rebuild = rebuild;
        this.setRebuild = setRebuild;
        this.batch = batch;
        this.parallelBatches = setRebuild == null ? 1 : Math.max(1, parallelBatches);
        this.creatingEvent = creatingEvent.getName();
        this.jdbc = jdbc;
    }

    long rebuilt() {
        return rebuilt;
    }

    long failed() {
        return failed;
    }

    /** The first aggregate that failed and why; null when none did. */
    String firstError() {
        return firstError;
    }

    void run(Progress progress) throws InterruptedException {
        long head = jdbc.queryForObject("SELECT COALESCE(MAX(global_index), 0) FROM domain_event_entry", Long.class);
        long total = jdbc.queryForObject(
                "SELECT COUNT(DISTINCT aggregate_identifier) FROM domain_event_entry"
                        + " WHERE payload_type = ? AND global_index <= ?",
                Long.class,
                creatingEvent,
                head);
        progress.report(0, 0, total);
        // set attempts only: what follows a batch (counting, one by one, the second pass) stays on this thread
        ExecutorService workers =
                parallelBatches == 1 ? null : Executors.newFixedThreadPool(parallelBatches, workerThreads());
        Deque<Batch> inFlight = new ArrayDeque<>();
        try {
            long after = -1;
            for (List<Created> created;
                    !(created = creations(after, head)).isEmpty();
                    after = created.get(created.size() - 1).index()) {
                List<String> ids = created.stream().map(Created::aggregateId).toList();
                if (workers == null) {
                    counted(rebuildAll(ids));
                } else {
                    inFlight.add(new Batch(ids, workers.submit(() -> inSet(ids))));
                    if (inFlight.size() >= parallelBatches) {
                        finish(inFlight.poll(), inFlight);
                    }
                }
                rebuildAgainWhatWasMissing(false);
                progress.report(rebuilt, failed, total);
            }
            while (!inFlight.isEmpty()) {
                finish(inFlight.poll(), inFlight);
                progress.report(rebuilt, failed, total);
            }
            rebuildAgainWhatWasMissing(true);
        } finally {
            inFlight.forEach(running -> running.result().cancel(true));
            if (workers != null) {
                workers.shutdownNow();
            }
        }
    }

    private static ThreadFactory workerThreads() {
        CustomizableThreadFactory factory = new CustomizableThreadFactory("read-model-rebuild-batch-");
        factory.setDaemon(true);
        return factory;
    }

    /** A batch under way on a worker: its set rebuild's outcomes, or null when it must go one by one. */
    private record Batch(List<String> aggregateIds, Future<Map<String, Outcome>> result) {}

    /**
     * Counts the batch's outcomes. A batch whose set rebuild failed goes one by one here, after every batch still
     * under way has finished, so each of its aggregates sees the rows of all the batches before it committed.
     */
    private void finish(Batch batch, Deque<Batch> inFlight) throws InterruptedException {
        Map<String, Outcome> outcomes = outcomeOf(batch);
        if (outcomes == null) {
            while (!inFlight.isEmpty()) {
                Batch later = inFlight.poll();
                Map<String, Outcome> laterOutcomes = outcomeOf(later);
                counted(laterOutcomes != null ? laterOutcomes : oneByOne(later.aggregateIds()));
            }
            outcomes = oneByOne(batch.aggregateIds());
        }
        counted(outcomes);
    }

    private static Map<String, Outcome> outcomeOf(Batch batch) throws InterruptedException {
        try {
            return batch.result().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure
                    ? failure
                    : new IllegalStateException("A batch of aggregates could not be rebuilt", e.getCause());
        }
    }

    private void counted(Map<String, Outcome> outcomes) {
        outcomes.forEach((id, outcome) -> {
            rebuilt++;
            if (outcome.createdMainRow()) {
                secondPass.add(new Missing(id, outcome.lastSequence(), System.currentTimeMillis()));
            }
        });
    }

    /**
     * A row that was missing had no lock to take, so a command in flight meanwhile may have updated nothing and committed
     * after the events were read. Once it has surely ended, an aggregate that has such an event (one after the last the
     * rebuild applied) is rebuilt again, now under its row's lock; the others are whole already.
     */
    private void rebuildAgainWhatWasMissing(boolean all) throws InterruptedException {
        while (!secondPass.isEmpty()) {
            long wait = secondPass.peek().at() + SECOND_PASS_AFTER.toMillis() - System.currentTimeMillis();
            if (wait > 0 && !all) {
                return;
            }
            Thread.sleep(Math.max(0, wait));
            List<Missing> due = new ArrayList<>();
            long now = System.currentTimeMillis();
            while (!secondPass.isEmpty()
                    && due.size() < batch
                    && secondPass.peek().at() + SECOND_PASS_AFTER.toMillis() <= now) {
                due.add(secondPass.poll());
            }
            rebuildAll(withLaterEvents(due));
        }
    }

    /** Those of the aggregates that have an event stored after the last one their rebuild applied. */
    private List<String> withLaterEvents(List<Missing> rebuilt) {
        if (rebuilt.isEmpty()) {
            return List.of();
        }
        Map<String, Long> lastApplied = new LinkedHashMap<>();
        rebuilt.forEach(missing -> lastApplied.put(missing.aggregateId(), missing.lastSequence()));
        List<String> later = new ArrayList<>();
        jdbc.query(
                "SELECT aggregate_identifier, MAX(sequence_number) FROM domain_event_entry WHERE aggregate_identifier IN ("
                        + SqlLists.placeholders(lastApplied.size())
                        + ") GROUP BY aggregate_identifier",
                (RowCallbackHandler) row -> {
                    if (row.getLong(2) > lastApplied.get(row.getString(1))) {
                        later.add(row.getString(1));
                    }
                },
                lastApplied.keySet().toArray());
        return later;
    }

    /**
     * The aggregates rebuilt, with their outcomes; those that failed are counted and left out. A set rebuild is tried
     * again when it lost a lock wait or a deadlock, then the batch goes one by one, so that one aggregate that fails
     * keeps only its own old rows.
     */
    private Map<String, Outcome> rebuildAll(List<String> aggregateIds) {
        Map<String, Outcome> outcomes = setRebuild == null ? null : inSet(aggregateIds);
        return outcomes != null ? outcomes : oneByOne(aggregateIds);
    }

    /** The set rebuild's outcomes, tried again after a lost lock wait or deadlock; null if it failed otherwise. */
    private Map<String, Outcome> inSet(List<String> aggregateIds) {
        if (aggregateIds.isEmpty()) {
            return Map.of();
        }
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            stopIfInterrupted();
            try {
                return setRebuild.rebuild(aggregateIds);
            } catch (TransientDataAccessException e) {
                log.debug(
                        "A batch of {} aggregates lost a lock to a command, attempt {}",
                        aggregateIds.size(),
                        attempt,
                        e);
            } catch (RuntimeException e) {
                log.info("A batch of {} aggregates failed; rebuilding them one by one", aggregateIds.size(), e);
                return null;
            }
        }
        return null;
    }

    private Map<String, Outcome> oneByOne(List<String> aggregateIds) {
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        for (String id : aggregateIds) {
            rebuildOne(id).ifPresent(outcome -> outcomes.put(id, outcome));
        }
        return outcomes;
    }

    private static void stopIfInterrupted() {
        if (Thread.currentThread().isInterrupted()) {
            throw new IllegalStateException("Stopped: the node is shutting down");
        }
    }

    /**
     * Tried again when it lost a lock wait or a deadlock to a command; any other failure is counted and the rebuild goes
     * on (that aggregate keeps its old rows, which are whole: its transaction rolled back).
     */
    private Optional<Outcome> rebuildOne(String aggregateId) {
        stopIfInterrupted();
        for (int attempt = 1; ; attempt++) {
            try {
                return Optional.of(rebuild.rebuild(aggregateId));
            } catch (TransientDataAccessException e) {
                if (attempt < ATTEMPTS) {
                    continue;
                }
                failed(aggregateId, e);
            } catch (RuntimeException e) {
                failed(aggregateId, e);
            }
            return Optional.empty();
        }
    }

    private void failed(String aggregateId, RuntimeException e) {
        failed++;
        if (firstError == null) {
            firstError = aggregateId + ": " + e;
        }
        log.warn("Rebuild of aggregate {} failed; it keeps its rows", aggregateId, e);
    }

    /** The aggregates whose first creating event comes after {@code after}; an earlier one is found by the unique index. */
    private List<Created> creations(long after, long head) {
        return jdbc.query(
                "SELECT e.global_index, e.aggregate_identifier FROM domain_event_entry e WHERE e.payload_type = ?"
                        + " AND e.global_index > ? AND e.global_index <= ? AND NOT EXISTS (SELECT 1 FROM domain_event_entry f"
                        + " WHERE f.aggregate_identifier = e.aggregate_identifier AND f.sequence_number < e.sequence_number"
                        + " AND f.payload_type = e.payload_type) ORDER BY e.global_index LIMIT " + batch,
                (row, i) -> new Created(row.getLong(1), row.getString(2)),
                creatingEvent,
                after,
                head);
    }
}
