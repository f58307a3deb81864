package io.dirsync.app.rebuild;

import io.dirsync.query.support.BatchRows;
import io.dirsync.query.support.EventPositions;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.RollbackConfigurationType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;

/**
 * One rebuild of one streaming projection in sets: fill fresh tables from the store, a batch of events per
 * transaction through the projection's own handlers (which collect a batch's rows and write them with multi-row
 * inserts), build their other indexes, catch up, then {@link #switchTo} them.
 */
final class SetRebuildRun {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SetRebuildRun.class);
    private final EventHandlerInvoker handlers;
    private final StoredEventBatches store;
    private final ShadowTables shadow;
    private final List<String> tables;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final int batchSize;
    private final Progress progress;
    private long position = -1;
    private long applied;
    private long total;

    /** Called after every batch with the events applied so far and the events in the store when the run began. */
    interface Progress {
        void report(long applied, long total);
    }

    SetRebuildRun(
            EventHandlerInvoker handlers,
            StoredEventBatches store,
            ShadowTables shadow,
            List<String> tables,
            JdbcTemplate jdbc,
            TransactionTemplate transactions,
            int batchSize,
            Progress progress) {
        this.handlers = handlers;
        this.store = store;
        this.shadow = shadow;
        this.tables = tables;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.batchSize = batchSize;
        this.progress = progress;
    }

    long applied() {
        return applied;
    }

    long position() {
        return position;
    }

    /** Builds the fresh tables up to about the head of the store, while the live ones go on as before. */
    void fill() {
        transactions.executeWithoutResult(status -> shadow.create(jdbc, tables));
        total = store.head();
        progress.report(0, total);
        catchUp();
        transactions.executeWithoutResult(status -> shadow.createIndexes(jdbc, tables));
        catchUp();
    }

    /**
     * With the processor stopped everywhere: applies what is left up to the commit horizon, then in one transaction puts
     * the fresh tables in place and hands {@code tokensAt} the horizon, to which the processor's tokens must move.
     */
    void switchTo(LongConsumer tokensAt) {
        long horizon = store.horizon();
        while (applyBatch(horizon) > 0) {
            // until every event up to the horizon is in
        }
        position = Math.max(position, horizon);
        transactions.executeWithoutResult(status -> {
            shadow.switchTo(jdbc, tables);
            tokensAt.accept(position);
        });
    }

    /**
     * Batches up to the horizon as it moves, until one comes back short: the rest is little. While a batch is applied,
     * the next one is read and opened on another thread (half of a rebuild's time is reading and opening), so the two
     * halves overlap; batches are still applied one after another, in the order of the store.
     */
    private void catchUp() {
        ExecutorService reader = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "set-rebuild-reader");
            thread.setDaemon(true);
            return thread;
        });
        try {
            long upTo = store.horizon();
            long after = position;
            Future<Batch> next = reader.submit(() -> fetch(after, upTo));
            while (true) {
                Batch batch = await(next);
                next = null;
                if (batch.stored().size() == batchSize) {
                    long nextAfter = batch.last();
                    long nextUpTo = store.horizon();
                    next = reader.submit(() -> fetch(nextAfter, nextUpTo));
                }
                apply(batch);
                if (next == null) {
                    position = Math.max(position, batch.upTo());
                    return;
                }
            }
        } finally {
            reader.shutdownNow();
        }
    }

    /** A batch read and opened, not yet applied: the events after {@code after} up to {@code upTo}. */
    private record Batch(
            long after, long upTo, List<StoredEventBatches.Stored> stored, List<TrackedEventMessage<?>> messages) {
        long last() {
            return stored.get(stored.size() - 1).index();
        }
    }

    private static Batch await(Future<Batch> batch) {
        try {
            return batch.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the store", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure
                    ? failure
                    : new IllegalStateException("Could not read the store", e.getCause());
        }
    }

    /** Reads and opens the batch after {@code after}, up to {@code upTo}. */
    private Batch fetch(long after, long upTo) {
        List<StoredEventBatches.Stored> stored = store.read(after, upTo, batchSize);
        if (log.isDebugEnabled()) {
            log.debug(
                    "Read ({}, {}]: {} events{}",
                    after,
                    upTo,
                    stored.size(),
                    stored.stream().map(e -> " " + e.index()).reduce("", String::concat));
        }
        return new Batch(after, upTo, stored, stored.isEmpty() ? List.of() : store.open(stored));
    }

    /** Reads, opens and applies the next batch up to {@code upTo}; returns how many events it held. */
    private int applyBatch(long upTo) {
        Batch batch = fetch(position, upTo);
        apply(batch);
        return batch.stored().size();
    }

    /** Applies a batch read after the current position, in one transaction. */
    private void apply(Batch read) {
        List<StoredEventBatches.Stored> stored = read.stored();
        if (stored.isEmpty()) {
            return;
        }
        if (read.after() != position) {
            throw new IllegalStateException("A batch read after " + read.after() + " cannot follow " + position);
        }
        List<TrackedEventMessage<?>> messages = read.messages();
        Map<String, Long> positions = new HashMap<>();
        stored.forEach(event -> positions.put(event.data().getEventIdentifier(), event.index()));
        transactions.executeWithoutResult(status -> {
            try {
                shadow.enter(jdbc);
                BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(new ArrayList<>(messages));
                batch.resources().put(EventPositions.KNOWN, positions);
                batch.resources().put(BatchRows.INTO_FRESH_TABLES, true);
                ResultMessage<?> result = batch.executeWithResult(
                        () -> {
                            handlers.handle(batch.getMessage(), Segment.ROOT_SEGMENT);
                            return null;
                        },
                        RollbackConfigurationType.ANY_THROWABLE);
                if (result.isExceptional()) {
                    throw new IllegalStateException(
                            "Events after " + position + " could not be applied", result.exceptionResult());
                }
            } finally {
                shadow.leave(jdbc);
            }
        });
        position = read.last();
        applied += stored.size();
        progress.report(applied, Math.max(total, position));
    }
}
