package io.dirsync.query.support;

import org.axonframework.eventhandling.DomainEventMessage;

import java.sql.Timestamp;

/**
 * The stored event a history row (access review intervals) cites, so an auditor can look it up ({@code GET /api/events?aggregateId=}) and check it
 * with {@code GET /api/audit/verify}: its aggregate, sequence number, global index, type and time.
 */
public record Evidence(String aggregateId, long sequence, long position, String type, Timestamp at) {

    /** @param position the event's own global index, read from the store ({@code EventPositions}) */
    public static Evidence of(DomainEventMessage<?> event, long position) {
        return new Evidence(
                event.getAggregateIdentifier(),
                event.getSequenceNumber(),
                position,
                event.getPayloadType().getSimpleName(),
                EventTimes.stored(event.getTimestamp()));
    }
}
