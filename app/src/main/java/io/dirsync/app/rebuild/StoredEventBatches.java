package io.dirsync.app.rebuild;

import io.dirsync.app.axon.CommitHorizon;
import io.dirsync.app.erasure.PersonalDataEnvelope;
import io.dirsync.command.erasure.UserDataKeys;
import io.dirsync.query.support.SqlLists;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A rebuild's reading of the store: a batch of events in one query, never past the {@link CommitHorizon} (the rule
 * every streaming processor reads by, docs/late-commits.md), their users' data keys in one more, and each event
 * upcast, opened and deserialised once, as the processors' own stream would give it.
 */
final class StoredEventBatches implements AutoCloseable {
    /** Fewer events than this a part are opened on the calling thread alone: handing them over costs more. */
    private static final int MIN_PART = 8;

    private final JdbcTemplate jdbc;
    private final CommitHorizon horizon;
    private final Serializer serializer;
    private final EventUpcaster upcasters;
    private final UserDataKeys keys;
    private final PersonalDataEnvelope envelope;
    private final TransactionTemplate transactions;
    private final int openers;
    private final ExecutorService opening;

    /** One stored event as read, before it is opened. */
    record Stored(long index, TrackedDomainEventData<byte[]> data) {}

    StoredEventBatches(
            JdbcTemplate jdbc,
            CommitHorizon horizon,
            Serializer serializer,
            EventUpcaster upcasters,
            UserDataKeys keys,
            PersonalDataEnvelope envelope,
            TransactionTemplate transactions,
            int openers) {
        this.openers = Math.max(1, openers);
        this.opening = Executors.newFixedThreadPool(Math.max(1, this.openers - 1), new ThreadFactory() {
            private final AtomicInteger count = new AtomicInteger();

            @Override
            public Thread newThread(Runnable runnable) {
                Thread thread = new Thread(runnable, "rebuild-opener-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            }
        });
        this.jdbc = jdbc;
        this.horizon = horizon;
        this.serializer = serializer;
        this.upcasters = upcasters;
        this.keys = keys;
        this.envelope = envelope;
        this.transactions = transactions;
    }

    /** The highest global index at or below which every event has committed or never will. */
    long horizon() {
        return jdbc.execute((ConnectionCallback<Long>) horizon::horizon);
    }

    /** The highest global index stored, committed or not (for progress only). */
    long head() {
        Long head = jdbc.queryForObject("SELECT MAX(global_index) FROM domain_event_entry", Long.class);
        return head == null ? 0 : head;
    }

    private static final String COLUMNS =
            "SELECT global_index, type, aggregate_identifier, sequence_number, event_identifier, time_stamp,"
                    + " payload_type, payload_revision, payload, meta_data FROM domain_event_entry";

    /** Up to {@code limit} events after {@code after} and at most {@code upTo}, in the order of the store. */
    List<Stored> read(long after, long upTo, int limit) {
        List<Stored> stored = new ArrayList<>(Math.min(limit, 10_000));
        jdbc.query(
                connection -> {
                    var statement = connection.prepareStatement(COLUMNS
                            + " WHERE global_index > ? AND global_index <= ? ORDER BY global_index"
                            + " FETCH FIRST " + limit + " ROWS ONLY");
                    statement.setLong(1, after);
                    statement.setLong(2, upTo);
                    statement.setFetchSize(Math.min(limit, 1000));
                    return statement;
                },
                row -> {
                    stored.add(stored(row));
                });
        return stored;
    }

    /**
     * Every committed event of the aggregates, each aggregate's in sequence order, opened as live ({@link #open}): what
     * {@code EventStore.readEvents(id, 0)} gives for each, in one query. Not bounded by the horizon: the caller holds
     * the aggregates' row locks, and wants every event committed before it took them.
     */
    List<DomainEventMessage<?>> readAggregates(List<String> aggregateIds) {
        if (aggregateIds.isEmpty()) {
            return List.of();
        }
        List<Stored> stored = new ArrayList<>();
        jdbc.query(
                COLUMNS + " WHERE aggregate_identifier IN ("
                        + SqlLists.placeholders(aggregateIds.size())
                        + ") ORDER BY aggregate_identifier, sequence_number",
                (RowCallbackHandler) row -> stored.add(stored(row)),
                aggregateIds.toArray());
        List<DomainEventMessage<?>> events = new ArrayList<>(stored.size());
        for (TrackedEventMessage<?> message : open(stored)) {
            events.add((DomainEventMessage<?>) message);
        }
        return events;
    }

    private static Stored stored(ResultSet row) throws SQLException {
        long index = row.getLong(1);
        return new Stored(
                index,
                new TrackedDomainEventData<>(
                        GapAwareTrackingToken.newInstance(index, Collections.emptySet()),
                        new GenericDomainEventEntry<>(
                                row.getString(2),
                                row.getString(3),
                                row.getLong(4),
                                row.getString(5),
                                row.getString(6),
                                row.getString(7),
                                row.getString(8),
                                row.getBytes(9),
                                row.getBytes(10))));
    }

    /**
     * The events opened, in the order given: the data keys of every user whose personal events are in the batch are
     * read in one query first, then each event goes through the upcaster chain (which opens sealed data) and the
     * serializer once. Both in one transaction, which holds the keys it read for itself: the node's key cache, once
     * full, admits few of a rebuild's million keys, and every key it turned away was read again one by one.
     *
     * <p>Opening is the larger part of a rebuild's time, all of it the JVM's on one core while the database waits, so a
     * batch is cut into one part per opener, each opened as above in a transaction of its own, the first on the
     * calling thread.
     */
    List<TrackedEventMessage<?>> open(List<Stored> batch) {
        int parts = Math.min(openers, batch.size() / MIN_PART);
        if (parts <= 1) {
            return transactions.execute(status -> openInTransaction(batch));
        }
        List<Future<List<TrackedEventMessage<?>>>> others = new ArrayList<>();
        int size = (batch.size() + parts - 1) / parts;
        for (int from = size; from < batch.size(); from += size) {
            List<Stored> part = batch.subList(from, Math.min(batch.size(), from + size));
            others.add(opening.submit(() -> transactions.execute(status -> openInTransaction(part))));
        }
        List<TrackedEventMessage<?>> messages = new ArrayList<>(batch.size());
        try {
            messages.addAll(transactions.execute(status -> openInTransaction(batch.subList(0, size))));
            for (Future<List<TrackedEventMessage<?>>> part : others) {
                messages.addAll(part.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while opening events", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure
                    ? failure
                    : new IllegalStateException("Could not open events", e.getCause());
        } finally {
            others.forEach(part -> part.cancel(true));
        }
        return messages;
    }

    @Override
    public void close() {
        opening.shutdownNow();
    }

    private List<TrackedEventMessage<?>> openInTransaction(List<Stored> batch) {
        List<String> userIds = batch.stream()
                .map(Stored::data)
                .filter(data ->
                        envelope.carriesPersonalData(data.getPayload().getType().getName()))
                .map(TrackedDomainEventData::getAggregateIdentifier)
                .distinct()
                .toList();
        if (userIds.size() > 1) {
            keys.prefetch(userIds);
        }
        List<TrackedEventMessage<?>> messages = EventUtils.upcastAndDeserializeTrackedEvents(
                        batch.stream().map(Stored::data), serializer, upcasters)
                .toList();
        // deserialise here, once, rather than in whichever handler asks first
        messages.forEach(TrackedEventMessage::getPayload);
        return messages;
    }
}
