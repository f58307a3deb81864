package io.dirsync.app.axon;

import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.JdbcEventStorageEngineStatements;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;

/**
 * The JDBC engine's statements for streams, bounded by the {@link CommitHorizon}: every read of the stream, the look
 * ahead past a wide gap and the head token stop at the horizon; every append first tells the horizon.
 */
final class HorizonBoundedStatements {
    private final CommitHorizon horizon;

    HorizonBoundedStatements(CommitHorizon horizon) {
        this.horizon = horizon;
    }

    JdbcEventStorageEngine.Builder applyTo(JdbcEventStorageEngine.Builder builder) {
        return builder.appendEvents((connection, schema, dataType, events, serializer, timestampWriter) -> {
                    horizon.beforeAppend(connection);
                    return JdbcEventStorageEngineStatements.appendEvents(
                            connection, schema, dataType, events, serializer, timestampWriter);
                })
                .readEventDataWithoutGaps((connection, schema, globalIndex, batchSize) ->
                        read(connection, schema, globalIndex, batchSize, List.of()))
                .readEventDataWithGaps(this::read)
                .fetchTrackedEvents((connection, schema, index) -> {
                    PreparedStatement statement = connection.prepareStatement("SELECT min(" + schema.globalIndexColumn()
                            + ") FROM " + schema.domainEventTable() + " WHERE " + schema.globalIndexColumn()
                            + " > ? AND "
                            + schema.globalIndexColumn() + " <= ?");
                    statement.setLong(1, index);
                    statement.setLong(2, horizon.horizon(connection));
                    return statement;
                })
                .createHeadToken((connection, schema) -> {
                    PreparedStatement statement = connection.prepareStatement("SELECT max(" + schema.globalIndexColumn()
                            + ") FROM " + schema.domainEventTable() + " WHERE " + schema.globalIndexColumn() + " <= ?");
                    statement.setLong(1, horizon.horizon(connection));
                    return statement;
                });
    }

    /** Axon's read (events after the token's index, up to a batch, plus its gaps), stopped at the horizon. */
    private PreparedStatement read(
            Connection connection, EventSchema schema, long globalIndex, int batchSize, List<Long> gaps)
            throws SQLException {
        long upTo = Math.min(globalIndex + batchSize, horizon.horizon(connection));
        String index = schema.globalIndexColumn();
        String sql = "SELECT " + schema.trackedEventFields() + " FROM " + schema.domainEventTable() + " WHERE (" + index
                + " > ? AND " + index + " <= ?)"
                + (gaps.isEmpty()
                        ? ""
                        : " OR " + index + " IN (" + String.join(",", Collections.nCopies(gaps.size(), "?")) + ")")
                + " ORDER BY " + index + " ASC";
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setLong(1, globalIndex);
        statement.setLong(2, upTo);
        for (int i = 0; i < gaps.size(); i++) {
            statement.setLong(i + 3, gaps.get(i));
        }
        return statement;
    }
}
