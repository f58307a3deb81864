package io.dirsync.app.audit;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Loading an aggregate notes its chain's last hash in the unit of work, where the next append finds it. */
class ChainHeadRecordingEventStoreTest {
    private final InMemoryEventStorageEngine engine = new InMemoryEventStorageEngine();
    private final ChainHeadRecordingEventStore store =
            new ChainHeadRecordingEventStore(EmbeddedEventStore.builder().storageEngine(engine));

    @AfterEach
    void shutDown() {
        store.shutDown();
    }

    @Test
    void theLastLoadedEventsHashIsKnownAtItsSequence() {
        engine.appendEvents(event("a", 0, "h0"), event("a", 1, "h1"), event("b", 0, "other"));

        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            store.readEvents("a").asStream().forEach(event -> {});
            ChainHeads heads = ChainHeads.of(unitOfWork);
            assertThat(heads.hashAt("a", 1)).isEqualTo("h1");
            assertThat(heads.hashAt("a", 0)).as("only the head is kept").isNull();
            assertThat(heads.hashAt("b", 0)).as("not loaded").isNull();
        } finally {
            unitOfWork.rollback();
        }
    }

    @Test
    void eventsWithoutAHashAndReadsOutsideAUnitOfWorkLeaveNothing() {
        engine.appendEvents(event("a", 0, null));

        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            store.readEvents("a").asStream().forEach(event -> {});
            assertThat(ChainHeads.of(unitOfWork).hashAt("a", 0)).isNull();
        } finally {
            unitOfWork.rollback();
        }
        engine.appendEvents(event("c", 0, "h"));
        store.readEvents("c").asStream().forEach(event -> {});
        UnitOfWork<?> later = DefaultUnitOfWork.startAndGet(null);
        try {
            assertThat(ChainHeads.of(later).hashAt("c", 0)).isNull();
        } finally {
            later.rollback();
        }
    }

    private static GenericDomainEventMessage<String> event(String aggregate, long sequence, String hash) {
        return new GenericDomainEventMessage<>(
                "Test",
                aggregate,
                sequence,
                "payload",
                hash == null ? MetaData.emptyInstance() : MetaData.from(Map.of(EventHashes.HASH, hash)));
    }
}
