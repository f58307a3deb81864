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

    /** Batches up to the horizon as it moves, until one comes back short: the rest is little. */
    private void catchUp() {
        while (true) {
            long horizon = store.horizon();
            if (applyBatch(horizon) < batchSize) {
                position = Math.max(position, horizon);
                return;
            }
        }
    }

    /** Reads, opens and applies the next batch up to {@code upTo}; returns how many events it held. */
    private int applyBatch(long upTo) {
        List<StoredEventBatches.Stored> stored = store.read(position, upTo, batchSize);
        if (log.isDebugEnabled()) {
            log.debug(
                    "Read ({}, {}]: {} events{}",
                    position,
                    upTo,
                    stored.size(),
                    stored.stream().map(e -> " " + e.index()).reduce("", String::concat));
        }
        if (stored.isEmpty()) {
            return 0;
        }
        List<TrackedEventMessage<?>> messages = store.open(stored);
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
        position = stored.get(stored.size() - 1).index();
        applied += stored.size();
        progress.report(applied, Math.max(total, position));
        return stored.size();
    }
}
