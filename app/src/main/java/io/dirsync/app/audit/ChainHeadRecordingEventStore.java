package io.dirsync.app.audit;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * Axon's event store, which also notes the chained hash of each event an aggregate is loaded from, so that
 * {@link HashChainInterceptor} chains the aggregate's next event to the last one without reading that event's
 * metadata back from the table: one query less for every command on an existing aggregate
 * (docs/benchmarks/design-notes.md). A snapshot carries no hash, so an aggregate loaded from a
 * snapshot alone is still looked up.
 */
public class ChainHeadRecordingEventStore extends EmbeddedEventStore {

    public ChainHeadRecordingEventStore(EmbeddedEventStore.Builder builder) {
        super(builder);
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier) {
        DomainEventStream events = super.readEvents(aggregateIdentifier);
        return CurrentUnitOfWork.isStarted() ? new Recording(events, ChainHeads.of(CurrentUnitOfWork.get())) : events;
    }

    private record Recording(DomainEventStream events, ChainHeads heads) implements DomainEventStream {

        @Override
        public boolean hasNext() {
            return events.hasNext();
        }

        @Override
        public DomainEventMessage<?> next() {
            DomainEventMessage<?> event = events.next();
            if (event.getMetaData().get(EventHashes.HASH) instanceof String hash) {
                heads.record(event.getAggregateIdentifier(), event.getSequenceNumber(), hash);
            }
            return event;
        }

        @Override
        public DomainEventMessage<?> peek() {
            return events.peek();
        }

        @Override
        public Long getLastSequenceNumber() {
            return events.getLastSequenceNumber();
        }
    }
}
