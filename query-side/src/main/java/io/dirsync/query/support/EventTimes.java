package io.dirsync.query.support;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * An event's time as the read models keep it: to the millisecond. Axon's JDBC engine stores event times with three
 * fraction digits, so only the millisecond comes back when events are read again; a projection that kept the
 * microseconds of the live event could not be rebuilt to the same rows. SCIM shows the millisecond as well.
 */
public final class EventTimes {
    private EventTimes() {}

    /**
     * Truncated, not left to the database: both round sub-microsecond digits, which can carry into the next
     * millisecond and make a GET disagree with the time the write answered.
     */
    public static Timestamp stored(Instant at) {
        return Timestamp.from(at.truncatedTo(ChronoUnit.MILLIS));
    }
}
