package io.dirsync.query.connection;

import io.dirsync.api.connection.ConnectionCreatedEvent;
import io.dirsync.api.connection.ConnectionOverview;
import io.dirsync.api.connection.ConnectionTokenIssuedEvent;
import io.dirsync.api.connection.ConnectionTokenRotatedEvent;
import io.dirsync.api.connection.FindConnectionQuery;
import io.dirsync.api.connection.ListConnectionsQuery;
import io.dirsync.api.rolemapping.DirectorySyncDisabledEvent;
import io.dirsync.api.rolemapping.DirectorySyncEnabledEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The admin's list of connections. Streaming and idempotent: replay rebuilds the same rows. */
@Component
@ProcessingGroup(ConnectionOverviewProjection.PROCESSING_GROUP)
public class ConnectionOverviewProjection {
    public static final String PROCESSING_GROUP = "connection-overview";
    private static final String COLUMNS =
            "SELECT connection_id, name, organization_id, sync_enabled, created_at, token_rotated_at"
                    + " FROM connection_overview";
    private final JdbcTemplate jdbc;

    public ConnectionOverviewProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ConnectionCreatedEvent event, @Timestamp Instant at) {
        jdbc.update("DELETE FROM connection_overview WHERE connection_id = ?", event.connectionId());
        jdbc.update(
                "INSERT INTO connection_overview (connection_id, name, organization_id, sync_enabled, created_at)"
                        + " VALUES (?, ?, ?, TRUE, ?)",
                event.connectionId(),
                event.name(),
                event.organizationId(),
                java.sql.Timestamp.from(at));
    }

    @EventHandler
    void on(ConnectionTokenRotatedEvent event, @Timestamp Instant at) {
        jdbc.update(
                "UPDATE connection_overview SET token_rotated_at = ? WHERE connection_id = ?",
                java.sql.Timestamp.from(at),
                event.connectionId());
    }

    @EventHandler
    void on(ConnectionTokenIssuedEvent event) {
        jdbc.update(
                "UPDATE connection_overview SET token_rotated_at = ? WHERE connection_id = ?",
                java.sql.Timestamp.from(event.issuedAt()),
                event.connectionId());
    }

    @EventHandler
    void on(DirectorySyncDisabledEvent event) {
        jdbc.update(
                "UPDATE connection_overview SET sync_enabled = FALSE WHERE connection_id = ?", event.connectionId());
    }

    @EventHandler
    void on(DirectorySyncEnabledEvent event) {
        jdbc.update("UPDATE connection_overview SET sync_enabled = TRUE WHERE connection_id = ?", event.connectionId());
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM connection_overview");
    }

    @QueryHandler
    public List<ConnectionOverview> handle(ListConnectionsQuery query) {
        return jdbc.query(COLUMNS + " ORDER BY LOWER(name), connection_id", ConnectionOverviewProjection::row);
    }

    @QueryHandler
    public Optional<ConnectionOverview> handle(FindConnectionQuery query) {
        return jdbc
                .query(COLUMNS + " WHERE connection_id = ?", ConnectionOverviewProjection::row, query.connectionId())
                .stream()
                .findFirst();
    }

    private static ConnectionOverview row(ResultSet rs, int i) throws SQLException {
        java.sql.Timestamp rotated = rs.getTimestamp(6);
        return new ConnectionOverview(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getBoolean(4),
                rs.getTimestamp(5).toInstant(),
                rotated == null ? null : rotated.toInstant());
    }
}
