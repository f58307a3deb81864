package io.dirsync.query.attributemapping;

import io.dirsync.query.support.EventPositions;
import io.dirsync.query.support.Evidence;
import org.axonframework.eventhandling.DomainEventMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Each user's {@code publicMetadata} over time, for access reviews ({@code access_metadata_interval}): an interval
 * opens when an event gives the user another value, and cites that event (for a mapping change, the change). Values
 * come in event order from {@link UserPublicMetadataProjection}, a batch at a time; as in the access history, a batch
 * first undoes what an earlier application of its own events wrote, so applying events again gives the same rows.
 */
final class MetadataHistory {
    private final JdbcTemplate jdbc;

    MetadataHistory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The user's value after {@code event}; a null metadata means the user was erased. */
    record Value(String userId, String connectionId, String metadata, DomainEventMessage<?> event) {}

    private static final class Open {
        final long fromPosition;
        final String metadata;
        final Object[] insert;

        Open(long fromPosition, String metadata, Object[] insert) {
            this.fromPosition = fromPosition;
            this.metadata = metadata;
            this.insert = insert;
        }
    }

    /** Opens an interval for each value that differs from the user's value before it, in the order given. */
    void write(List<Value> values) {
        if (values.isEmpty()) {
            return;
        }
        Map<String, Long> positions = EventPositions.of(
                jdbc,
                values.stream()
                        .map(value -> value.event().getIdentifier())
                        .distinct()
                        .toList());
        String[] users = values.stream().map(Value::userId).distinct().toArray(String[]::new);
        Long[] batch = positions.values().toArray(Long[]::new);
        jdbc.update(
                "DELETE FROM access_metadata_interval WHERE user_id = ANY(?) AND from_position = ANY(?)", users, batch);
        jdbc.update(
                "UPDATE access_metadata_interval SET valid_to = NULL, to_position = NULL"
                        + " WHERE user_id = ANY(?) AND to_position = ANY(?)",
                users,
                batch);
        Map<String, Open> open = new HashMap<>();
        jdbc.query(
                "SELECT user_id, from_position, metadata FROM access_metadata_interval WHERE user_id = ANY(?)"
                        + " AND valid_to IS NULL",
                (RowCallbackHandler) rs -> open.put(rs.getString(1), new Open(rs.getLong(2), rs.getString(3), null)),
                (Object) users);

        List<Object[]> closes = new ArrayList<>();
        List<Object[]> inserts = new ArrayList<>();
        Set<String> erased = new LinkedHashSet<>();
        for (Value value : values) {
            Evidence evidence =
                    Evidence.of(value.event(), positions.get(value.event().getIdentifier()));
            Open current = open.get(value.userId());
            if (value.metadata() != null && current != null && value.metadata().equals(current.metadata)) {
                continue;
            }
            if (current != null) {
                if (current.insert == null) {
                    closes.add(new Object[] {evidence.at(), evidence.position(), value.userId(), current.fromPosition});
                } else {
                    current.insert[8] = evidence.at();
                    current.insert[9] = evidence.position();
                }
                open.remove(value.userId());
            }
            if (value.metadata() == null) {
                erased.add(value.userId());
                continue;
            }
            Object[] row = {
                value.userId(),
                evidence.position(),
                value.connectionId(),
                value.metadata(),
                evidence.at(),
                evidence.aggregateId(),
                evidence.sequence(),
                evidence.type(),
                null,
                null
            };
            inserts.add(row);
            open.put(value.userId(), new Open(evidence.position(), value.metadata(), row));
        }
        jdbc.batchUpdate(
                "UPDATE access_metadata_interval SET valid_to = ?, to_position = ? WHERE user_id = ? AND from_position = ?",
                closes);
        jdbc.batchUpdate(
                "INSERT INTO access_metadata_interval (user_id, from_position, connection_id, metadata, valid_from,"
                        + " from_aggregate, from_sequence, from_type, valid_to, to_position)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                inserts);
        if (!erased.isEmpty()) {
            jdbc.update("UPDATE access_metadata_interval SET metadata = NULL WHERE user_id = ANY(?)", (Object)
                    erased.toArray(String[]::new));
        }
    }

    void reset() {
        jdbc.update("DELETE FROM access_metadata_interval");
    }
}
