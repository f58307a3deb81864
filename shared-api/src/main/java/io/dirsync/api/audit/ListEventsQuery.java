package io.dirsync.api.audit;

import java.time.Instant;

/**
 * A page of the event log by global position; every filter may be null.
 *
 * @param after only events with a position greater than this (the last position of the previous page)
 */
public record ListEventsQuery(
        String connectionId,
        String type,
        String aggregateId,
        String userId,
        Instant from,
        Instant to,
        long after,
        int limit) {

    /** One user's history (its own events, its membership's and its groups' that name it), oldest first. */
    public static ListEventsQuery historyOf(String userId, long after, int limit) {
        return new ListEventsQuery(null, null, null, userId, null, null, after, Math.max(1, Math.min(1000, limit)));
    }
}
