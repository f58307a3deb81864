package io.dirsync.app.axon;

import org.axonframework.eventhandling.DomainEventData;

import java.util.List;
import java.util.function.Predicate;

/**
 * Tells Axon's JDBC store when a batch of one aggregate's events is its last, so that loading an aggregate takes
 * one query, not two. The store reads a window of sequence numbers ({@code >= first AND < first + batchSize}) and,
 * on JDBC, by default asks again until a window comes back empty, in case a short batch hides a gap. Axon numbers an
 * aggregate's events without gaps (each append takes the next number, and the unique key rejects a second), so a
 * batch shorter than the window and without a gap inside it is the end of the stream. A batch with a gap inside, or
 * a full one, still makes the store ask again.
 */
final class ContiguousAggregateBatches implements Predicate<List<? extends DomainEventData<?>>> {
    private final int batchSize;

    ContiguousAggregateBatches(int batchSize) {
        this.batchSize = batchSize;
    }

    @Override
    public boolean test(List<? extends DomainEventData<?>> batch) {
        if (batch.isEmpty()) {
            return true;
        }
        if (batch.size() >= batchSize) {
            return false;
        }
        long first = batch.get(0).getSequenceNumber();
        return batch.get(batch.size() - 1).getSequenceNumber() - first == batch.size() - 1;
    }
}
