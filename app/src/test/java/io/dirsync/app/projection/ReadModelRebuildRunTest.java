package io.dirsync.app.projection;

import io.dirsync.query.rebuild.AggregateRebuild;
import io.dirsync.query.rebuild.AggregateSetRebuild;
import io.dirsync.query.rebuild.RebuildableReadModel;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which aggregates a rebuild rebuilds a second time after writing their missing main rows; batches in sets under way
 * several at a time, and a failed one rebuilt one by one.
 */
class ReadModelRebuildRunTest {
    private record Created(String id) {}

    private final JdbcDataSource dataSource = new JdbcDataSource();
    private final JdbcTemplate jdbc;
    private final Set<String> mainRows = ConcurrentHashMap.newKeySet();
    private final List<String> applied = new CopyOnWriteArrayList<>();

    ReadModelRebuildRunTest() {
        dataSource.setURL("jdbc:h2:mem:rebuild-run-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("CREATE TABLE domain_event_entry (global_index BIGINT PRIMARY KEY,"
                + " aggregate_identifier VARCHAR(64), sequence_number BIGINT, payload_type VARCHAR(255))");
    }

    @Test
    void aMissingRowIsRebuiltAgainOnlyWhenAnEventWasStoredAfterTheOnesItsRebuildApplied() throws Exception {
        store(1, "quiet", 0, Created.class);
        store(2, "raced", 0, Created.class);
        store(3, "raced", 1, String.class);
        store(4, "kept", 0, Created.class);
        mainRows.add("kept");
        // a command on "raced" found no row to update, and commits its event after the rebuild read the others
        Runnable racingCommit = () -> store(5, "raced", 2, String.class);

        ReadModelRebuildRun run = new ReadModelRebuildRun(rebuild(racingCommit), Created.class, jdbc);
        run.run((rebuilt, failed, total) -> {});

        assertThat(run.rebuilt()).isEqualTo(3);
        assertThat(run.failed()).isZero();
        assertThat(applied)
                .as("the rows that were missing without a later event, and the one found, are rebuilt once")
                .containsExactly("quiet:0", "raced:0", "raced:1", "kept:0", "raced:0", "raced:1", "raced:2");
    }

    @Test
    void setBatchesRunSeveralAtOnceAndRebuildEveryAggregateOnce() throws Exception {
        List<String> ids = aggregates(12);
        mainRows.addAll(ids);
        AtomicInteger active = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        AggregateSetRebuild.AggregateEvents events = sorted -> {
            mostAtOnce.accumulateAndGet(active.incrementAndGet(), Math::max);
            try {
                // each batch waits a little for another to be under way beside it
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
                while (active.get() < 2 && System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                return eventsOf(sorted);
            } finally {
                active.decrementAndGet();
            }
        };

        ReadModelRebuildRun run =
                new ReadModelRebuildRun(rebuild(() -> {}), setRebuild(events), 2, 3, Created.class, jdbc);
        AtomicInteger lastReported = new AtomicInteger();
        run.run((rebuilt, failed, total) -> lastReported.set((int) rebuilt));

        assertThat(mostAtOnce.get()).as("batches under way at once").isGreaterThanOrEqualTo(2);
        assertThat(run.rebuilt()).isEqualTo(12);
        assertThat(lastReported.get()).as("the progress reported last").isEqualTo(12);
        assertThat(run.failed()).isZero();
        assertThat(applied)
                .containsExactlyInAnyOrderElementsOf(
                        ids.stream().map(id -> id + ":0").toList());
    }

    @Test
    void aSetBatchThatFailsIsRebuiltOneByOneAndOnlyItsFailingAggregateKeepsItsRows() throws Exception {
        List<String> ids = aggregates(9);
        mainRows.addAll(ids);
        AggregateSetRebuild.AggregateEvents events = sorted -> {
            if (sorted.contains("a04")) {
                throw new IllegalStateException("unreadable event of a04");
            }
            if (sorted.contains("a06") || sorted.contains("a08")) {
                sleep(300); // the batches under way beside the failed one are slower than its members one by one
            }
            return eventsOf(sorted);
        };
        AggregateRebuild oneByOne = new AggregateRebuild(
                model(),
                handlers(),
                id -> {
                    if (id.equals("a04")) {
                        throw new IllegalStateException("unreadable event of a04");
                    }
                    return DomainEventStream.of(events(id));
                },
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)));

        ReadModelRebuildRun run = new ReadModelRebuildRun(oneByOne, setRebuild(events), 2, 3, Created.class, jdbc);
        run.run((rebuilt, failed, total) -> {});

        assertThat(run.rebuilt()).isEqualTo(8);
        assertThat(run.failed()).isEqualTo(1);
        assertThat(run.firstError()).startsWith("a04: ");
        assertThat(applied)
                .containsExactlyInAnyOrderElementsOf(ids.stream()
                        .filter(id -> !id.equals("a04"))
                        .map(id -> id + ":0")
                        .toList());
        assertThat(applied.get(applied.size() - 1))
                .as("the failed batch goes one by one once every batch under way beside it has finished")
                .isEqualTo("a05:0");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Aggregates a00, a01, ... each created by one event, in that order. */
    private List<String> aggregates(int count) {
        List<String> ids = new ArrayList<>();
        IntStream.range(0, count).forEach(i -> {
            String id = String.format("a%02d", i);
            store(i + 1, id, 0, Created.class);
            ids.add(id);
        });
        return ids;
    }

    private AggregateSetRebuild setRebuild(AggregateSetRebuild.AggregateEvents events) {
        return new AggregateSetRebuild(
                model(),
                handlers(),
                events,
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                () -> {});
    }

    private List<DomainEventMessage<?>> eventsOf(List<String> sortedIds) {
        List<DomainEventMessage<?>> all = new ArrayList<>();
        sortedIds.forEach(id -> all.addAll(events(id)));
        return all;
    }

    private AggregateRebuild rebuild(Runnable afterFirstRead) {
        Set<String> read = ConcurrentHashMap.newKeySet();
        return new AggregateRebuild(
                model(),
                handlers(),
                id -> {
                    DomainEventStream events = DomainEventStream.of(events(id));
                    if (id.equals("raced") && read.add(id)) {
                        afterFirstRead.run();
                    }
                    return events;
                },
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
    }

    private List<DomainEventMessage<?>> events(String aggregateId) {
        return jdbc.query(
                "SELECT sequence_number FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number",
                (row, i) -> new GenericDomainEventMessage<>("Test", aggregateId, row.getLong(1), aggregateId),
                aggregateId);
    }

    private void store(long index, String aggregateId, long sequence, Class<?> payload) {
        jdbc.update(
                "INSERT INTO domain_event_entry VALUES (?, ?, ?, ?)", index, aggregateId, sequence, payload.getName());
    }

    private RebuildableReadModel model() {
        return new RebuildableReadModel() {
            @Override
            public String processingGroup() {
                return "test";
            }

            @Override
            public Class<?> creatingEvent() {
                return Created.class;
            }

            @Override
            public boolean lockMainRow(String aggregateId) {
                return mainRows.contains(aggregateId);
            }

            @Override
            public void deleteDependentRows(String aggregateId) {}
        };
    }

    private EventHandlerInvoker handlers() {
        return new EventHandlerInvoker() {
            @Override
            public boolean canHandle(EventMessage<?> event, Segment segment) {
                return true;
            }

            @Override
            public void handle(EventMessage<?> event, Segment segment) {
                DomainEventMessage<?> domain = (DomainEventMessage<?>) event;
                mainRows.add(domain.getAggregateIdentifier());
                applied.add(domain.getAggregateIdentifier() + ":" + domain.getSequenceNumber());
            }
        };
    }
}
