package io.dirsync.app.axon;

import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.Stream;

/**
 * Opens each recent event once for all the streaming processors of a node that read it on their own streams. Axon
 * opens an event lazily: the first call for its payload or metadata upcasts it (sealed personal data included) and
 * deserialises it, and the message keeps the result. Each processor's stream builds its own message, so every
 * processor opened every event again. Here the first stream to read an event keeps its message in a slot chosen
 * by the event's global index, and a later stream that reads the same event gets that message under its own tracking
 * token, with whatever the first one has opened by then.
 *
 * <p>A slot holds the last event read at any index that falls in it, and serves only that same event (by identifier):
 * a processor far behind the others (a replay) takes the slots for its old events and the others open their own
 * again, as without this. A processor may so be handed an event opened a moment before the user's erasure, as a
 * faster processor handled it; the erasure event that follows scrubs both alike.
 */
final class OpenedOnceStorageEngine extends ForwardingStorageEngine {
    private final AtomicReferenceArray<TrackedEventMessage<?>> recent;
    private final int mask;

    /** {@code slots} is rounded up to a power of two; the recent events of this many global indexes are kept. */
    OpenedOnceStorageEngine(EventStorageEngine delegate, int slots) {
        super(delegate);
        int size = Integer.highestOneBit(Math.max(1, slots - 1)) << 1;
        this.recent = new AtomicReferenceArray<>(size);
        this.mask = size - 1;
    }

    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        return delegate.readEvents(trackingToken, mayBlock).map(this::openedOnce);
    }

    private TrackedEventMessage<?> openedOnce(TrackedEventMessage<?> read) {
        OptionalLong position = read.trackingToken().position();
        if (position.isEmpty()) {
            return read;
        }
        int slot = (int) (position.getAsLong() & mask);
        TrackedEventMessage<?> kept = recent.get(slot);
        if (kept != null && kept.getIdentifier().equals(read.getIdentifier())) {
            return kept.withTrackingToken(read.trackingToken());
        }
        recent.set(slot, read);
        return read;
    }
}
