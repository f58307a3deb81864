package io.dirsync.query.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.api.group.GroupMembersAddedEvent;
import io.dirsync.api.group.GroupMembersRemovedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Indexes every event by connection, type, aggregate and the users it concerns (a replayable streaming
 * projection keyed by global position, so re-applying an event rewrites the same row).
 */
@Component
@ProcessingGroup(EventLogProjection.PROCESSING_GROUP)
public class EventLogProjection {
    public static final String PROCESSING_GROUP = "event-log";
    private final JdbcTemplate jdbc;
    private final ObjectMapper objectMapper;
    private final StoredPayloadReader payloads;

    public EventLogProjection(JdbcTemplate jdbc, ObjectMapper objectMapper, StoredPayloadReader payloads) {
        this.jdbc = jdbc;
        this.objectMapper = objectMapper;
        this.payloads = payloads;
    }

    /**
     * The event's own global index, read from the store. The tracking token's position is the highest index seen,
     * which for an event committed out of order (filling a gap, common under concurrent writes) is another event's:
     * two events were written under one index and one of them was lost (found by CrashSafetyIT).
     */
    @EventHandler
    void on(Object payload, EventMessage<?> message) {
        long position = jdbc.queryForObject("SELECT global_index FROM domain_event_entry WHERE event_identifier = ?", Long.class,
                message.getIdentifier());
        JsonNode fields = objectMapper.valueToTree(payload);
        String aggregateId = message instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : null;
        Long sequence = message instanceof DomainEventMessage<?> domain ? domain.getSequenceNumber() : null;
        jdbc.update("DELETE FROM event_log_subject WHERE global_index = ?", position);
        jdbc.update("DELETE FROM event_log WHERE global_index = ?", position);
        jdbc.update("INSERT INTO event_log (global_index, event_id, aggregate_id, sequence_number, event_type, occurred_at,"
                        + " connection_id, actor, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                position, message.getIdentifier(), aggregateId, sequence, payload.getClass().getSimpleName(),
                java.sql.Timestamp.from(message.getTimestamp()), text(fields, "connectionId"),
                (String) message.getMetaData().get("actor"), (String) message.getMetaData().get("requestId"));
        List<Object[]> subjects = new ArrayList<>();
        for (String userId : subjects(payload, fields)) {
            subjects.add(new Object[]{position, userId});
        }
        jdbc.batchUpdate("INSERT INTO event_log_subject (global_index, user_id) VALUES (?, ?)", subjects);
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM event_log_subject");
        jdbc.update("DELETE FROM event_log");
    }

    @QueryHandler
    public List<LoggedEvent> handle(ListEventsQuery query) {
        StringBuilder sql = new StringBuilder("SELECT l.global_index, l.event_id, l.aggregate_id, l.sequence_number, l.event_type,"
                + " l.occurred_at, l.connection_id, l.actor, l.request_id, d.payload_type, d.payload FROM event_log l"
                + " JOIN domain_event_entry d ON d.global_index = l.global_index WHERE l.global_index > ?");
        List<Object> params = new ArrayList<>(List.of(query.after()));
        if (query.userId() != null) {
            sql.append(" AND l.global_index IN (SELECT s.global_index FROM event_log_subject s WHERE s.user_id = ?)");
            params.add(query.userId());
        }
        condition(sql, params, "l.connection_id = ?", query.connectionId());
        condition(sql, params, "l.event_type = ?", query.type());
        condition(sql, params, "l.aggregate_id = ?", query.aggregateId());
        condition(sql, params, "l.occurred_at >= ?", query.from() == null ? null : java.sql.Timestamp.from(query.from()));
        condition(sql, params, "l.occurred_at < ?", query.to() == null ? null : java.sql.Timestamp.from(query.to()));
        sql.append(" ORDER BY l.global_index LIMIT ?");
        params.add(query.limit());
        return jdbc.query(sql.toString(), (rs, i) -> new LoggedEvent(rs.getLong(1), rs.getString(2), rs.getString(3),
                (Long) rs.getObject(4, Long.class), rs.getString(5), rs.getTimestamp(6).toInstant(), rs.getString(7), rs.getString(8),
                rs.getString(9), payloads.read(rs.getString(10), rs.getBytes(11))), params.toArray());
    }

    private static void condition(StringBuilder sql, List<Object> params, String clause, Object value) {
        if (value != null) {
            sql.append(" AND ").append(clause);
            params.add(value);
        }
    }

    /** The users an event concerns: its own userId, or the members a membership change lists. */
    private static List<String> subjects(Object payload, JsonNode fields) {
        if (payload instanceof GroupMembersAddedEvent added) {
            return added.userIds();
        }
        if (payload instanceof GroupMembersRemovedEvent removed) {
            return removed.userIds();
        }
        String userId = text(fields, "userId");
        return userId == null ? List.of() : List.of(userId);
    }

    private static String text(JsonNode fields, String name) {
        JsonNode value = fields.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }
}
