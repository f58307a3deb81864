package io.dirsync.query.support;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The global indexes of a batch's events, read from the store in one query. A projection that cites an event needs
 * its own index: the tracking token's is the highest one seen, which for an event committed out of order (filling a
 * gap, common under concurrent writes) is another event's. A reader that knows each event's own index (a rebuild reads
 * them with the events) hands them over as the batch's {@link #KNOWN} resource, and the query is not needed.
 */
public final class EventPositions {
    /** The batch's resource: event identifier to global index, for every event of the batch. */
    public static final String KNOWN = EventPositions.class.getName() + ".known";

    private EventPositions() {}

    /** Each event identifier's global index; fails if one of them is not in the store. */
    public static Map<String, Long> of(JdbcTemplate jdbc, Collection<String> eventIds) {
        Map<String, Long> positions = new HashMap<>();
        if (eventIds.isEmpty()) {
            return positions;
        }
        Map<String, Long> known =
                CurrentUnitOfWork.isStarted() ? CurrentUnitOfWork.get().root().getResource(KNOWN) : null;
        if (known != null && known.keySet().containsAll(eventIds)) {
            eventIds.forEach(eventId -> positions.put(eventId, known.get(eventId)));
            return positions;
        }
        jdbc.query(
                "SELECT event_identifier, global_index FROM domain_event_entry WHERE event_identifier IN ("
                        + SqlLists.placeholders(eventIds.size()) + ")",
                (RowCallbackHandler) rs -> positions.put(rs.getString(1), rs.getLong(2)),
                eventIds.toArray());
        for (String eventId : eventIds) {
            if (!positions.containsKey(eventId)) {
                throw new IllegalStateException("Event " + eventId + " is not in the event store");
            }
        }
        return positions;
    }
}
