package io.dirsync.app.axon;

import io.dirsync.command.support.AggregatesToLoad;
import io.dirsync.query.support.SqlLists;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the events of every aggregate a unit of work announced ({@link AggregatesToLoad}) in one query, at the first
 * load of one of them, and serves each announced aggregate's first load from that read: a mapping reorder loads one
 * member's aggregate per member, fifty in a chunk, and each load was a statement of its own. The read is in the unit
 * of work's transaction, as each load was. An aggregate that another transaction changes between that read and its
 * load decides on the events read, as one changed between its load and the commit always did: if it appends, the
 * append collides with the stored sequence number and the unit of work fails whole; if it appends nothing, the other
 * transaction's change stands, and its own event is what the role-resolution process checks against the facts.
 */
final class AnnouncedLoadsStorageEngine extends ForwardingStorageEngine {
    private static final String READ = AnnouncedLoadsStorageEngine.class.getName() + ".read";
    private static final String COLUMNS = "SELECT type, aggregate_identifier, sequence_number, event_identifier,"
            + " time_stamp, payload_type, payload_revision, payload, meta_data FROM domain_event_entry";

    private final JdbcTemplate jdbc;
    private final Serializer eventSerializer;
    private final EventUpcaster upcasters;

    AnnouncedLoadsStorageEngine(
            EventStorageEngine delegate, JdbcTemplate jdbc, Serializer eventSerializer, EventUpcaster upcasters) {
        super(delegate);
        this.jdbc = jdbc;
        this.eventSerializer = eventSerializer;
        this.upcasters = upcasters;
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
        if (!CurrentUnitOfWork.isStarted()) {
            return delegate.readEvents(aggregateIdentifier, firstSequenceNumber);
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        Set<String> announced = root.getResource(AggregatesToLoad.RESOURCE);
        if (announced == null || !announced.contains(aggregateIdentifier)) {
            return delegate.readEvents(aggregateIdentifier, firstSequenceNumber);
        }
        Map<String, List<DomainEventData<?>>> read = root.getOrComputeResource(READ, key -> readAll(announced));
        List<DomainEventData<?>> events = read.remove(aggregateIdentifier);
        if (events == null) {
            return delegate.readEvents(aggregateIdentifier, firstSequenceNumber);
        }
        return EventStreamUtils.upcastAndDeserializeDomainEvents(
                events.stream().filter(event -> event.getSequenceNumber() >= firstSequenceNumber),
                eventSerializer,
                upcasters);
    }

    /** Every stored event of the aggregates, each aggregate's in sequence order; an empty list for one with none. */
    private Map<String, List<DomainEventData<?>>> readAll(Set<String> aggregateIds) {
        Map<String, List<DomainEventData<?>>> byAggregate = new HashMap<>();
        aggregateIds.forEach(id -> byAggregate.put(id, new ArrayList<>()));
        jdbc.query(
                COLUMNS + " WHERE aggregate_identifier IN (" + SqlLists.placeholders(aggregateIds.size())
                        + ") ORDER BY aggregate_identifier, sequence_number",
                (RowCallbackHandler) row -> byAggregate
                        .get(row.getString(2))
                        .add(new GenericDomainEventEntry<>(
                                row.getString(1),
                                row.getString(2),
                                row.getLong(3),
                                row.getString(4),
                                row.getString(5),
                                row.getString(6),
                                row.getString(7),
                                row.getBytes(8),
                                row.getBytes(9))),
                aggregateIds.toArray());
        return byAggregate;
    }
}
