package io.dirsync.query.attributemapping;

import io.dirsync.query.support.EventPositions;
import io.dirsync.query.support.Evidence;
import io.dirsync.query.support.IntervalWriter;
import io.dirsync.query.support.IntervalWriter.Intervals;
import io.dirsync.query.support.KeyedUpdates.Column;
import org.axonframework.eventhandling.DomainEventMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Each user's {@code publicMetadata} over time, for access reviews ({@code access_metadata_interval}): an interval
 * opens when an event gives the user another value, and cites that event (for a mapping change, the change). Values
 * come in event order from {@link UserPublicMetadataProjection}, a batch at a time, and are written as the access
 * history's intervals are ({@link IntervalWriter}), so applying events again gives the same rows.
 */
final class MetadataHistory {
    private static final String TABLE = "access_metadata_interval";
    private final JdbcTemplate jdbc;
    private final IntervalWriter writer;

    MetadataHistory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.writer = new IntervalWriter(jdbc);
    }

    /** The user's value after {@code event}; a null metadata means the user was erased. */
    record Value(String userId, String connectionId, String metadata, DomainEventMessage<?> event) {}

    /** An interval's value; the connection is known for the ones a batch opens, which are the ones it writes. */
    private record Metadata(String connectionId, String metadata) {}

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
        List<String> users = values.stream().map(Value::userId).distinct().toList();
        writer.undo(TABLE, "user_id", users, positions.values().toArray(Long[]::new), false);
        Intervals<String, Metadata> open = new Intervals<>();
        jdbc.query(
                "SELECT user_id, from_position, metadata FROM " + TABLE
                        + " WHERE user_id = ANY(?) AND valid_to IS NULL",
                (RowCallbackHandler)
                        rs -> open.loaded(rs.getString(1), rs.getLong(2), new Metadata(null, rs.getString(3))),
                (Object) users.toArray(String[]::new));

        Set<String> erased = new LinkedHashSet<>();
        for (Value value : values) {
            Evidence evidence =
                    Evidence.of(value.event(), positions.get(value.event().getIdentifier()));
            Metadata current = open.current(value.userId());
            if (value.metadata() == null) {
                open.close(value.userId(), evidence);
                erased.add(value.userId());
            } else if (current == null || !value.metadata().equals(current.metadata())) {
                open.open(value.userId(), new Metadata(value.connectionId(), value.metadata()), evidence);
            }
        }
        writer.close(TABLE, List.of(Column.text("user_id")), open, user -> new Object[] {user}, false);
        writer.insert(
                TABLE,
                "user_id, from_position, connection_id, metadata",
                open,
                row -> new Object[] {
                    row.key(),
                    row.fromPosition(),
                    row.value().connectionId(),
                    row.value().metadata()
                },
                false);
        if (!erased.isEmpty()) {
            jdbc.update("UPDATE " + TABLE + " SET metadata = NULL WHERE user_id = ANY(?)", (Object)
                    erased.toArray(String[]::new));
        }
    }

    void reset() {
        jdbc.update("DELETE FROM " + TABLE);
    }
}
