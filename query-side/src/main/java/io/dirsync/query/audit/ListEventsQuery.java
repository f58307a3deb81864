package io.dirsync.query.audit;

import java.time.Instant;

/**
 * A page of the event log by global position; every filter may be null.
 *
 * @param after only events with a position greater than this (the last position of the previous page)
 */
public record ListEventsQuery(String connectionId, String type, String aggregateId, String userId, Instant from, Instant to,
                              long after, int limit) {
}
