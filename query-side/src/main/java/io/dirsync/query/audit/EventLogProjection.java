package io.dirsync.query.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.api.audit.ListEventsQuery;
import io.dirsync.api.audit.LoggedEvent;
import io.dirsync.api.group.GroupMembersAddedEvent;
import io.dirsync.api.group.GroupMembersRemovedEvent;
import io.dirsync.query.support.BatchRows;
import io.dirsync.query.support.EventPositions;
import io.dirsync.query.support.MultiRowInsert;
import io.dirsync.query.support.SqlLists;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Indexes every event by connection, type, aggregate and the users it concerns (a replayable streaming
 * projection keyed by global position, so re-applying an event rewrites the same row).
 */
@Component
@ProcessingGroup(EventLogProjection.PROCESSING_GROUP)
public class EventLogProjection {
    public static final String PROCESSING_GROUP = "event-log";
    private static final String PENDING_ROWS = EventLogProjection.class.getName() + ".pendingRows";
    private final JdbcTemplate jdbc;
    private final ObjectMapper objectMapper;
    private final StoredPayloadReader payloads;
    private final Map<Class<?>, Function<Object, Subject>> subjectReaders = new ConcurrentHashMap<>();

    public EventLogProjection(JdbcTemplate jdbc, ObjectMapper objectMapper, StoredPayloadReader payloads) {
        this.jdbc = jdbc;
        this.objectMapper = objectMapper;
        this.payloads = payloads;
    }

    /**
     * Collects the event's row; the rows of a processor's batch are written together when the batch commits: per
     * event that was five statements (the position lookup, two deletes, two inserts), which made this the slowest
     * projection to replay and the costliest one per SCIM write.
     */
    @EventHandler
    void on(Object payload, EventMessage<?> message) {
        Subject fields = subjectReaders
                .computeIfAbsent(payload.getClass(), this::subjectReader)
                .apply(payload);
        DomainEventMessage<?> domain = message instanceof DomainEventMessage<?> stored ? stored : null;
        Entry entry = new Entry(
                message.getIdentifier(),
                domain == null ? null : domain.getAggregateIdentifier(),
                domain == null ? null : domain.getSequenceNumber(),
                payload.getClass().getSimpleName(),
                Timestamp.from(message.getTimestamp()),
                fields.connectionId(),
                (String) message.getMetaData().get("actor"),
                (String) message.getMetaData().get("requestId"),
                subjects(payload, fields));
        List<Entry> batch = BatchRows.ofThisBatch(PENDING_ROWS, ArrayList::new, this::write);
        if (batch == null) {
            write(List.of(entry));
        } else {
            batch.add(entry);
        }
    }

    private record Entry(
            String eventId,
            String aggregateId,
            Long sequence,
            String type,
            Timestamp occurredAt,
            String connectionId,
            String actor,
            String requestId,
            List<String> subjects) {}

    /**
     * Re-applying an event rewrites its rows, so its old rows go first (not in a rebuild into fresh tables). Each
     * event's own global index is read from the store: the tracking token's position is the highest index seen, which
     * for an event committed out of order (filling a gap, common under concurrent writes) is another event's, and two
     * events were written under one index and one of them was lost (found by CrashSafetyIT).
     */
    private void write(List<Entry> rows) {
        if (rows.isEmpty()) {
            return;
        }
        Map<String, Long> positions = EventPositions.of(
                jdbc, rows.stream().map(Entry::eventId).distinct().toList());
        List<Object[]> logRows = new ArrayList<>();
        List<Object[]> subjectRows = new ArrayList<>();
        for (Entry row : rows) {
            Long position = positions.get(row.eventId());
            logRows.add(new Object[] {
                position,
                row.eventId(),
                row.aggregateId(),
                row.sequence(),
                row.type(),
                row.occurredAt(),
                row.connectionId(),
                row.actor(),
                row.requestId()
            });
            row.subjects().forEach(userId -> subjectRows.add(new Object[] {position, userId}));
        }
        if (!BatchRows.intoFreshTables()) {
            Object[] indexes = logRows.stream().map(row -> row[0]).toArray();
            jdbc.update(
                    "DELETE FROM event_log_subject WHERE global_index IN (" + SqlLists.placeholders(indexes.length)
                            + ")",
                    indexes);
            jdbc.update(
                    "DELETE FROM event_log WHERE global_index IN (" + SqlLists.placeholders(indexes.length) + ")",
                    indexes);
        }
        MultiRowInsert.insert(
                jdbc,
                "event_log",
                "global_index, event_id, aggregate_id, sequence_number, event_type, occurred_at, connection_id, actor,"
                        + " request_id",
                logRows);
        MultiRowInsert.insert(jdbc, "event_log_subject", "global_index, user_id", subjectRows);
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM event_log_subject");
        jdbc.update("DELETE FROM event_log");
    }

    @QueryHandler
    public List<LoggedEvent> handle(ListEventsQuery query) {
        StringBuilder sql =
                new StringBuilder("SELECT l.global_index, l.event_id, l.aggregate_id, l.sequence_number, l.event_type,"
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
        condition(sql, params, "l.occurred_at >= ?", query.from() == null ? null : Timestamp.from(query.from()));
        condition(sql, params, "l.occurred_at < ?", query.to() == null ? null : Timestamp.from(query.to()));
        sql.append(" ORDER BY l.global_index LIMIT ?");
        params.add(query.limit());
        return jdbc.query(
                sql.toString(),
                (rs, i) -> new LoggedEvent(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        (Long) rs.getObject(4, Long.class),
                        rs.getString(5),
                        rs.getTimestamp(6).toInstant(),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getString(9),
                        payloads.read(rs.getString(10), rs.getBytes(11))),
                params.toArray());
    }

    private static void condition(StringBuilder sql, List<Object> params, String clause, Object value) {
        if (value != null) {
            sql.append(" AND ").append(clause);
            params.add(value);
        }
    }

    /** The users an event concerns: its own userId, or the members a membership change lists. */
    private static List<String> subjects(Object payload, Subject fields) {
        if (payload instanceof GroupMembersAddedEvent added) {
            return added.userIds();
        }
        if (payload instanceof GroupMembersRemovedEvent removed) {
            return removed.userIds();
        }
        return fields.userId() == null ? List.of() : List.of(fields.userId());
    }

    /** An event's {@code connectionId} and {@code userId}, either of them null when it has none. */
    private record Subject(String connectionId, String userId) {}

    /**
     * Events are records: their two fields are read through the record's accessors, found once per event type. Turning
     * every payload into a JSON tree to read them took a measurable share of the replay. A payload that is not a record
     * is still read through its JSON form.
     */
    private Function<Object, Subject> subjectReader(Class<?> type) {
        if (!type.isRecord()) {
            return payload -> {
                JsonNode fields = objectMapper.valueToTree(payload);
                return new Subject(text(fields, "connectionId"), text(fields, "userId"));
            };
        }
        Method connectionId = accessor(type, "connectionId");
        Method userId = accessor(type, "userId");
        return payload -> new Subject(read(connectionId, payload), read(userId, payload));
    }

    private static Method accessor(Class<?> recordType, String name) {
        for (RecordComponent component : recordType.getRecordComponents()) {
            if (component.getName().equals(name)) {
                Method accessor = component.getAccessor();
                accessor.setAccessible(true);
                return accessor;
            }
        }
        return null;
    }

    private static String read(Method accessor, Object payload) {
        if (accessor == null) {
            return null;
        }
        try {
            Object value = accessor.invoke(payload);
            return value == null ? null : value.toString();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "Cannot read " + accessor.getName() + " of "
                            + payload.getClass().getSimpleName(),
                    e);
        }
    }

    private static String text(JsonNode fields, String name) {
        JsonNode value = fields.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }
}
