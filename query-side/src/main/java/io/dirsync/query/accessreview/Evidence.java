package io.dirsync.query.accessreview;

import io.dirsync.query.support.EventTimes;
import org.axonframework.eventhandling.DomainEventMessage;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;

/**
 * The stored event a history row cites, so an auditor can look it up ({@code GET /api/events?aggregateId=}) and check it
 * with {@code GET /api/audit/verify}: its aggregate, sequence number, global index, type and time.
 */
record Evidence(String aggregateId, long sequence, long position, String type, Timestamp at) {

    /**
     * The event's own global index, read from the store: the tracking token's index is the highest one seen, which for
     * an event that committed out of order is another event's (see the event log projection).
     */
    static Evidence of(DomainEventMessage<?> event, JdbcTemplate jdbc) {
        Long position = jdbc.query(
                "SELECT global_index FROM domain_event_entry WHERE event_identifier = ?",
                rs -> rs.next() ? rs.getLong(1) : null,
                event.getIdentifier());
        if (position == null) {
            throw new IllegalStateException("Event " + event.getIdentifier() + " is not in the event store");
        }
        return new Evidence(
                event.getAggregateIdentifier(),
                event.getSequenceNumber(),
                position,
                event.getPayloadType().getSimpleName(),
                EventTimes.stored(event.getTimestamp()));
    }
}
