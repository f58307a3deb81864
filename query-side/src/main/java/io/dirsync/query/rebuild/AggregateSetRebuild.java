package io.dirsync.query.rebuild;

import io.dirsync.query.rebuild.AggregateRebuild.Outcome;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Rebuilds a set of aggregates' rows of a {@link RebuildableReadModel} in one transaction, as {@link AggregateRebuild}
 * does one: lock the main rows (in ascending id order), read all their events in one query, clear their dependent rows,
 * apply the events through the model's own handlers. The argument is the same, aggregate by aggregate: a command that
 * committed before its row was locked is in the events read; one that has not waits for the lock and applies its event
 * on top after this commit. Readers see each aggregate's old rows until then, never a half-rebuilt one.
 */
public final class AggregateSetRebuild {
    private final RebuildableReadModel model;
    private final EventHandlerInvoker handlers;
    private final AggregateEvents events;
    private final TransactionTemplate transactions;
    private final Runnable startOfBatch;
    /** What handlers collect while a batch is applied on this thread ({@link #ofThisBatch}); null between batches. */
    private static final ThreadLocal<Map<String, Collected<?>>> BATCH = new ThreadLocal<>();

    private record Collected<C>(C rows, Consumer<C> write) {
        void flush() {
            write.accept(rows);
        }
    }

    /** The events of several aggregates, each aggregate's in sequence order, upcast and opened as live. */
    @FunctionalInterface
    public interface AggregateEvents {
        List<DomainEventMessage<?>> of(List<String> sortedAggregateIds);
    }

    /** @param startOfBatch run first in each batch's transaction (settings of that transaction) */
    public AggregateSetRebuild(
            RebuildableReadModel model,
            EventHandlerInvoker handlers,
            AggregateEvents events,
            TransactionTemplate transactions,
            Runnable startOfBatch) {
        this.model = model;
        this.handlers = handlers;
        this.events = events;
        this.transactions = transactions;
        this.startOfBatch = startOfBatch;
    }

    /**
     * This batch's collection under {@code key}, made by {@code empty} on first use and handed to {@code write} once
     * every event of the batch is applied, before it commits; null outside a rebuild in sets, where the handler writes
     * at once. A handler that collects rows must also drop an aggregate's collected rows where it deletes its stored
     * ones, and must not read them back within the batch.
     */
    @SuppressWarnings("unchecked")
    public static <C> C ofThisBatch(String key, Supplier<C> empty, Consumer<C> write) {
        Map<String, Collected<?>> batch = BATCH.get();
        if (batch == null) {
            return null;
        }
        return (C) batch.computeIfAbsent(key, name -> new Collected<>(empty.get(), write))
                .rows();
    }

    /** Rebuilds the aggregates; their outcomes by id. Fails whole (and changes nothing) if any of them fails. */
    public Map<String, Outcome> rebuild(List<String> aggregateIds) {
        List<String> sorted = aggregateIds.stream().distinct().sorted().toList();
        return transactions.execute(status -> {
            startOfBatch.run();
            Set<String> had = model.lockMainRows(sorted);
            model.deleteDependentRows(sorted);
            Map<String, Long> lastSequences = new HashMap<>();
            Map<String, Collected<?>> collected = new LinkedHashMap<>();
            BATCH.set(collected);
            try {
                for (DomainEventMessage<?> event : events.of(sorted)) {
                    lastSequences.put(event.getAggregateIdentifier(), event.getSequenceNumber());
                    AggregateRebuild.apply(handlers, model, event);
                }
            } finally {
                BATCH.remove();
            }
            collected.values().forEach(Collected::flush);
            if (lastSequences.size() < sorted.size()) {
                throw new IllegalStateException("No events stored for aggregates "
                        + sorted.stream()
                                .filter(id -> !lastSequences.containsKey(id))
                                .toList());
            }
            Set<String> has = model.lockMainRows(sorted);
            Map<String, Outcome> outcomes = new LinkedHashMap<>();
            sorted.forEach(
                    id -> outcomes.put(id, new Outcome(had.contains(id), has.contains(id), lastSequences.get(id))));
            return outcomes;
        });
    }
}
