package io.dirsync.command.connection;

import io.dirsync.api.connection.ConnectionCreatedEvent;
import io.dirsync.api.connection.ConnectionTokenRotatedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The current token digest of each connection. A subscribing processor keeps it in the same transaction as
 * the event, so a rotated token stops working the moment the rotation is answered.
 */
@Component
@ProcessingGroup(ConnectionCredentials.PROCESSING_GROUP)
public class ConnectionCredentials {
    public static final String PROCESSING_GROUP = "connection-credentials";

    /** A connection's current token, and whether directory sync lets its IdP in at all. */
    public record Credential(String tokenId, String sha256Hex, boolean syncEnabled) {
    }

    private final JdbcTemplate jdbc;

    public ConnectionCredentials(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ConnectionCreatedEvent event) {
        jdbc.update("INSERT INTO connection_credential (connection_id, token_id, token_sha256) VALUES (?, ?, ?)",
                event.connectionId(), event.token().tokenId(), event.token().sha256Hex());
    }

    @EventHandler
    void on(ConnectionTokenRotatedEvent event) {
        jdbc.update("UPDATE connection_credential SET token_id = ?, token_sha256 = ? WHERE connection_id = ?",
                event.token().tokenId(), event.token().sha256Hex(), event.connectionId());
    }

    /**
     * Read with the connection's sync switch, which the directory catalog keeps in the same transactions: every SCIM
     * request asks both, and one statement instead of two was a measurable share of a filter GET. A connection the
     * catalog does not know has sync on, as {@code DirectoryCatalog#syncEnabled} says.
     */
    public Optional<Credential> find(String connectionId) {
        return jdbc.query("SELECT k.token_id, k.token_sha256, c.sync_enabled FROM connection_credential k"
                        + " LEFT JOIN catalog_connection c ON c.connection_id = k.connection_id WHERE k.connection_id = ?",
                (rs, i) -> new Credential(rs.getString(1), rs.getString(2), rs.getObject(3) == null || rs.getBoolean(3)),
                connectionId).stream().findFirst();
    }
}
