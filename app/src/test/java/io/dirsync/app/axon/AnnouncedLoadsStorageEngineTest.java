package io.dirsync.app.axon;

import io.dirsync.command.support.AggregatesToLoad;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.NoOpEventUpcaster;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The aggregates a unit of work announces are read in one query, at the first load of one of them, and each is served
 * its own events from it once; anything else is the engine's usual read.
 */
class AnnouncedLoadsStorageEngineTest {
    record RoleResolved(String membershipId, String role) {}

    private final JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
    private final AtomicInteger queries = new AtomicInteger();
    private final List<String> usualReads = new ArrayList<>();
    private JdbcTemplate jdbc;
    private AnnouncedLoadsStorageEngine engine;

    @BeforeEach
    void store() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:announced-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("CREATE TABLE domain_event_entry (global_index BIGINT AUTO_INCREMENT PRIMARY KEY,"
                + " type VARCHAR(255), aggregate_identifier VARCHAR(255) NOT NULL, sequence_number BIGINT NOT NULL,"
                + " event_identifier VARCHAR(255) NOT NULL, time_stamp VARCHAR(255) NOT NULL,"
                + " payload_type VARCHAR(255) NOT NULL, payload_revision VARCHAR(255), payload BLOB NOT NULL,"
                + " meta_data BLOB)");
        stored("m-1", 0, "viewer");
        stored("m-1", 1, "editor");
        stored("m-1", 2, "admin");
        stored("m-2", 0, "viewer");
        stored("m-4", 0, "viewer");
        JdbcTemplate counting = new JdbcTemplate(dataSource) {
            @Override
            public void query(String sql, RowCallbackHandler handler, Object... args) {
                queries.incrementAndGet();
                super.query(sql, handler, args);
            }
        };
        engine = new AnnouncedLoadsStorageEngine(usualEngine(), counting, serializer, NoOpEventUpcaster.INSTANCE);
    }

    @Test
    void announcedAggregatesAreReadInOneQueryAndEachServedItsOwnEventsOnce() {
        DefaultUnitOfWork<?> chunk = DefaultUnitOfWork.startAndGet(null);
        try {
            AggregatesToLoad.announce(List.of("m-1", "m-2", "m-3"));

            assertThat(roles(engine.readEvents("m-2", 0))).containsExactly("m-2#0 viewer");
            assertThat(roles(engine.readEvents("m-1", 0)))
                    .containsExactly("m-1#0 viewer", "m-1#1 editor", "m-1#2 admin");
            assertThat(roles(engine.readEvents("m-3", 0))).isEmpty();
            assertThat(queries).as("one query for the three").hasValue(1);
            assertThat(usualReads).isEmpty();

            engine.readEvents("m-1", 0);
            engine.readEvents("m-4", 0);
            assertThat(usualReads)
                    .as("a second load, and an aggregate not announced")
                    .containsExactly("m-1", "m-4");
            assertThat(queries).hasValue(1);
        } finally {
            chunk.commit();
        }
    }

    @Test
    void aLoadFromALaterSequenceNumberGetsTheEventsFromThere() {
        DefaultUnitOfWork<?> chunk = DefaultUnitOfWork.startAndGet(null);
        try {
            AggregatesToLoad.announce(List.of("m-1"));

            assertThat(roles(engine.readEvents("m-1", 1))).containsExactly("m-1#1 editor", "m-1#2 admin");
        } finally {
            chunk.commit();
        }
    }

    @Test
    void withoutAnAnnouncementOrAUnitOfWorkEveryLoadIsTheUsualRead() {
        engine.readEvents("m-1", 0);
        DefaultUnitOfWork<?> other = DefaultUnitOfWork.startAndGet(null);
        try {
            engine.readEvents("m-2", 0);
        } finally {
            other.commit();
        }

        assertThat(usualReads).containsExactly("m-1", "m-2");
        assertThat(queries).hasValue(0);
    }

    private void stored(String aggregateId, long sequence, String role) {
        jdbc.update(
                "INSERT INTO domain_event_entry (type, aggregate_identifier, sequence_number, event_identifier,"
                        + " time_stamp, payload_type, payload_revision, payload, meta_data)"
                        + " VALUES ('MemberRole', ?, ?, ?, '2026-12-08T04:00:00.000Z', ?, NULL, ?, ?)",
                aggregateId,
                sequence,
                UUID.randomUUID().toString(),
                RoleResolved.class.getName(),
                serializer
                        .serialize(new RoleResolved(aggregateId, role), byte[].class)
                        .getData(),
                serializer.serialize(MetaData.emptyInstance(), byte[].class).getData());
    }

    private static List<String> roles(DomainEventStream events) {
        return events.asStream()
                .map(event -> event.getAggregateIdentifier() + "#" + event.getSequenceNumber() + " "
                        + ((RoleResolved) event.getPayload()).role())
                .toList();
    }

    /** Records which aggregates were read the usual way; their streams are empty. */
    private EventStorageEngine usualEngine() {
        return new UnusedStorageEngine() {
            @Override
            public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
                usualReads.add(aggregateIdentifier);
                return DomainEventStream.empty();
            }
        };
    }
}
