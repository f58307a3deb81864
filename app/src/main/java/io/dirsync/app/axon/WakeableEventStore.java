package io.dirsync.app.axon;

import io.dirsync.app.audit.ChainHeadRecordingEventStore;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

import java.util.List;

/**
 * The node's event store, whose shared reader can be woken from outside (another node committed events) and which
 * says when this node committed events (so that the other nodes can be told).
 */
final class WakeableEventStore extends ChainHeadRecordingEventStore {
    private volatile Runnable afterLocalCommit = () -> {};

    WakeableEventStore(EmbeddedEventStore.Builder builder) {
        super(builder);
    }

    /** Runs after every commit of events on this node, after the shared reader was woken. */
    void afterLocalCommit(Runnable action) {
        afterLocalCommit = action;
    }

    /** Another node committed events: the shared reader reads the store now instead of at its next poll. */
    void wake() {
        super.afterCommit(List.of());
    }

    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
        super.afterCommit(events);
        afterLocalCommit.run();
    }
}
