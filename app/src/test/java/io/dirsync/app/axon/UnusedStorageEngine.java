package io.dirsync.app.axon;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A storage engine for tests of engines that wrap one: every call fails unless the test overrides it. */
abstract class UnusedStorageEngine implements EventStorageEngine {
    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void storeSnapshot(DomainEventMessage<?> snapshot) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken after, boolean mayBlock) {
        throw new UnsupportedOperationException();
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TrackingToken createTailToken() {
        throw new UnsupportedOperationException();
    }

    @Override
    public TrackingToken createHeadToken() {
        throw new UnsupportedOperationException();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        throw new UnsupportedOperationException();
    }
}
