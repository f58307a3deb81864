package io.dirsync.app.projection;

import io.dirsync.query.rebuild.AggregateRebuild;
import io.dirsync.query.rebuild.AggregateRebuild.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * One rebuild of one read model: every aggregate whose creating event was stored when it began, in the order they were
 * created, a hundred ids per query. Aggregates created later are written by the live handler from their first event.
 * An aggregate with several creating events (a connection's role mappings replaced again, a user's next session) is
 * rebuilt once, at its first.
 */
final class ReadModelRebuildRun {
    private static final Logger log = LoggerFactory.getLogger(ReadModelRebuildRun.class);
    private static final int BATCH = 100;
    private static final int ATTEMPTS = 3;
    /** Far longer than a command's transaction: one that was in flight when a missing row was written has ended. */
    private static final Duration SECOND_PASS_AFTER = Duration.ofSeconds(1);

    private final AggregateRebuild rebuild;
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

    private record Missing(String aggregateId, long at) {}

    ReadModelRebuildRun(AggregateRebuild rebuild, Class<?> creatingEvent, JdbcTemplate jdbc) {
        this.rebuild = rebuild;
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
        long after = -1;
        for (List<Created> batch;
                !(batch = creations(after, head)).isEmpty();
                after = batch.get(batch.size() - 1).index()) {
            for (Created created : batch) {
                Optional<Outcome> outcome = rebuildOne(created.aggregateId());
                if (outcome.isPresent()) {
                    rebuilt++;
                    if (outcome.get().createdMainRow()) {
                        secondPass.add(new Missing(created.aggregateId(), System.currentTimeMillis()));
                    }
                }
            }
            rebuildAgainWhatWasMissing(false);
            progress.report(rebuilt, failed, total);
        }
        rebuildAgainWhatWasMissing(true);
    }

    /**
     * A row that was missing had no lock to take, so a command in flight meanwhile may have updated nothing and committed
     * after the events were read. Once it has surely ended the aggregate is rebuilt again, now under its row's lock.
     */
    private void rebuildAgainWhatWasMissing(boolean all) throws InterruptedException {
        while (!secondPass.isEmpty()) {
            long wait = secondPass.peek().at() + SECOND_PASS_AFTER.toMillis() - System.currentTimeMillis();
            if (wait > 0 && !all) {
                return;
            }
            Thread.sleep(Math.max(0, wait));
            rebuildOne(secondPass.poll().aggregateId());
        }
    }

    /**
     * Tried again when it lost a lock wait or a deadlock to a command; any other failure is counted and the rebuild goes
     * on (that aggregate keeps its old rows, which are whole: its transaction rolled back).
     */
    private Optional<Outcome> rebuildOne(String aggregateId) {
        if (Thread.currentThread().isInterrupted()) {
            throw new IllegalStateException("Stopped: the node is shutting down");
        }
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
                        + " AND f.payload_type = e.payload_type) ORDER BY e.global_index LIMIT " + BATCH,
                (row, i) -> new Created(row.getLong(1), row.getString(2)),
                creatingEvent,
                after,
                head);
    }
}
