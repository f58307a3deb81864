package io.dirsync.app.axon;

import io.dirsync.app.MovableClock;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only aggregates known to have a snapshot are looked up in the snapshot table; one whose snapshot this node does not
 * know of yet loads from its events, and is looked up once the known set is read again.
 */
class KnownSnapshotsStorageEngineTest {
    private final List<String> snapshotReads = new ArrayList<>();
    private final Set<String> snapshotTable = new HashSet<>();
    private final InMemoryEventStorageEngine stored = new InMemoryEventStorageEngine() {
        @Override
        public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
            snapshotReads.add(aggregateIdentifier);
            return super.readSnapshot(aggregateIdentifier);
        }

        @Override
        public void storeSnapshot(DomainEventMessage<?> snapshot) {
            super.storeSnapshot(snapshot);
            snapshotTable.add(snapshot.getAggregateIdentifier());
        }
    };
    private int tableReads;
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-29T04:00:00Z"));
    private final KnownSnapshotsStorageEngine engine = new KnownSnapshotsStorageEngine(
            stored,
            () -> {
                tableReads++;
                return Set.copyOf(snapshotTable);
            },
            Duration.ofSeconds(10),
            clock);
    private final EmbeddedEventStore store =
            EmbeddedEventStore.builder().storageEngine(engine).build();

    @AfterEach
    void shutDown() {
        store.shutDown();
    }

    @Test
    void anAggregateWithoutASnapshotLoadsFromItsEventsWithoutTheSnapshotQuery() {
        engine.appendEvents(event("user-1", 0, "provisioned"), event("user-1", 1, "deactivated"));

        assertThat(payloads("user-1")).containsExactly("provisioned", "deactivated");
        assertThat(payloads("user-1")).containsExactly("provisioned", "deactivated");
        assertThat(snapshotReads).isEmpty();
        assertThat(tableReads).as("the known set is read once per interval").isEqualTo(1);
    }

    @Test
    void aSnapshotStoredHereIsUsedAtOnce() {
        engine.appendEvents(
                event("group-1", 0, "created"), event("group-1", 1, "renamed"), event("group-1", 2, "members added"));
        assertThat(payloads("group-1")).containsExactly("created", "renamed", "members added");

        store.storeSnapshot(event("group-1", 1, "snapshot at 1"));

        assertThat(payloads("group-1")).containsExactly("snapshot at 1", "members added");
        assertThat(snapshotReads).containsExactly("group-1");
    }

    @Test
    void aSnapshotStoredByAnotherNodeIsUsedOnceTheKnownSetIsReadAgainAndTheEventsServeMeanwhile() {
        engine.appendEvents(
                event("group-1", 0, "created"), event("group-1", 1, "renamed"), event("group-1", 2, "members added"));
        assertThat(payloads("group-1")).hasSize(3);
        stored.storeSnapshot(event("group-1", 1, "snapshot at 1"));

        clock.advance(Duration.ofSeconds(9));
        assertThat(payloads("group-1"))
                .as("not known here yet: every event, which is the same aggregate")
                .containsExactly("created", "renamed", "members added");
        clock.advance(Duration.ofSeconds(1));
        assertThat(payloads("group-1")).containsExactly("snapshot at 1", "members added");
        assertThat(tableReads).isEqualTo(2);
    }

    private List<Object> payloads(String aggregateIdentifier) {
        return store.readEvents(aggregateIdentifier)
                .asStream()
                .map(event -> (Object) event.getPayload())
                .toList();
    }

    private static DomainEventMessage<String> event(String aggregateIdentifier, long sequence, String payload) {
        return new GenericDomainEventMessage<>("Test", aggregateIdentifier, sequence, payload);
    }
}
