package io.dirsync.command.connection;

import io.dirsync.api.connection.ConnectionCreatedEvent;
import io.dirsync.api.connection.ConnectionTokenExpirySetEvent;
import io.dirsync.api.connection.ConnectionTokenIssuedEvent;
import io.dirsync.api.connection.ConnectionTokenRevokedEvent;
import io.dirsync.api.connection.ConnectionTokenRotatedEvent;
import io.dirsync.api.connection.TokenDigest;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The token digests of each connection ({@code connection_token}, never a token), under one main row per connection
 * ({@code connection_credential}) that every handler writes first, so the model can be rebuilt from the events one
 * connection at a time. A subscribing processor keeps it in the same transaction as the event, so a revoked token
 * stops working the moment the revocation is answered. Last use is not an event: {@link #recordUse} writes it.
 */
@Component
@ProcessingGroup(ConnectionCredentials.PROCESSING_GROUP)
public class ConnectionCredentials {
    public static final String PROCESSING_GROUP = "connection-credentials";

    /** One token of a connection: its public id and digest, when it was issued, expires ({@code null}: never) and was last used. */
    public record Token(String tokenId, String sha256Hex, Instant createdAt, Instant expiresAt, Instant lastUsedAt) {
        public boolean worksAt(Instant now) {
            return expiresAt == null || expiresAt.isAfter(now);
        }
    }

    /** A connection's tokens, and whether directory sync lets its IdP in at all. */
    public record Credentials(List<Token> tokens, boolean syncEnabled) {}

    private final JdbcTemplate jdbc;

    public ConnectionCredentials(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Overwrites a main row that exists (a rebuild keeps it), as a rebuildable model's creating event must. */
    @EventHandler
    void on(ConnectionCreatedEvent event, @org.axonframework.eventhandling.Timestamp Instant at) {
        if (!touch(event.connectionId())) {
            jdbc.update("INSERT INTO connection_credential (connection_id) VALUES (?)", event.connectionId());
        }
        insert(event.connectionId(), event.token(), stored(at));
    }

    /** Rotations stored before tokens had expiries: only the new token works. */
    @EventHandler
    void on(ConnectionTokenRotatedEvent event, @org.axonframework.eventhandling.Timestamp Instant at) {
        touch(event.connectionId());
        jdbc.update("DELETE FROM connection_token WHERE connection_id = ?", event.connectionId());
        insert(event.connectionId(), event.token(), stored(at));
    }

    /** Tokens expired by then are dropped: the list holds the tokens that work, at most two. */
    @EventHandler
    void on(ConnectionTokenIssuedEvent event) {
        touch(event.connectionId());
        jdbc.update(
                "DELETE FROM connection_token WHERE connection_id = ? AND expires_at <= ?",
                event.connectionId(),
                Timestamp.from(event.issuedAt()));
        insert(event.connectionId(), event.token(), event.issuedAt());
    }

    @EventHandler
    void on(ConnectionTokenExpirySetEvent event) {
        touch(event.connectionId());
        jdbc.update(
                "UPDATE connection_token SET expires_at = ? WHERE token_id = ?",
                Timestamp.from(event.expiresAt()),
                event.tokenId());
    }

    @EventHandler
    void on(ConnectionTokenRevokedEvent event) {
        touch(event.connectionId());
        jdbc.update("DELETE FROM connection_token WHERE token_id = ?", event.tokenId());
    }

    /**
     * Read with the connection's sync switch, which the directory catalog keeps in the same transactions: every SCIM
     * request asks both, in one statement. A connection the catalog does not know has sync on, as
     * {@code DirectoryCatalog#syncEnabled} says. Empty for an unknown connection and for one without tokens.
     */
    public Optional<Credentials> find(String connectionId) {
        List<Credentials> rows = jdbc.query(
                "SELECT t.token_id, t.token_sha256, t.created_at, t.expires_at, t.last_used_at,"
                        + " c.sync_enabled FROM connection_token t LEFT JOIN catalog_connection c ON c.connection_id = t.connection_id"
                        + " WHERE t.connection_id = ? ORDER BY t.created_at, t.token_id",
                (rs, i) -> new Credentials(List.of(token(rs)), rs.getObject(6) == null || rs.getBoolean(6)),
                connectionId);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Credentials(
                rows.stream().map(row -> row.tokens().get(0)).toList(),
                rows.get(0).syncEnabled()));
    }

    /** The connection's tokens that work at {@code now}, oldest first; empty for an unknown connection. */
    public Optional<List<Token>> working(String connectionId, Instant now) {
        if (jdbc.queryForList(
                        "SELECT connection_id FROM connection_credential WHERE connection_id = ?",
                        String.class,
                        connectionId)
                .isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(jdbc.query(
                "SELECT token_id, token_sha256, created_at, expires_at, last_used_at FROM connection_token"
                        + " WHERE connection_id = ? AND (expires_at IS NULL OR expires_at > ?) ORDER BY created_at, token_id",
                (rs, i) -> token(rs),
                connectionId,
                Timestamp.from(now)));
    }

    /**
     * Records that the token was used at {@code now}, if its last recorded use is older than {@code every}: a write a
     * minute per token, not per request. The condition keeps racing requests and nodes from writing twice.
     */
    public void recordUse(Token token, Instant now, Duration every) {
        if (token.lastUsedAt() != null && token.lastUsedAt().plus(every).isAfter(now)) {
            return;
        }
        Timestamp before = Timestamp.from(now.minus(every));
        jdbc.update(
                "UPDATE connection_token SET last_used_at = ? WHERE token_id = ? AND (last_used_at IS NULL OR last_used_at <= ?)",
                Timestamp.from(now),
                token.tokenId(),
                before);
    }

    /** Locks the connection's main row until the transaction ends, for a rebuild; false when there is none. */
    public boolean lockMainRow(String connectionId) {
        return !jdbc.queryForList(
                        "SELECT connection_id FROM connection_credential WHERE connection_id = ? FOR UPDATE",
                        String.class,
                        connectionId)
                .isEmpty();
    }

    /** Deletes the connection's token rows, for a rebuild that writes them again from the events. */
    public void deleteTokens(String connectionId) {
        jdbc.update("DELETE FROM connection_token WHERE connection_id = ?", connectionId);
    }

    private boolean touch(String connectionId) {
        return jdbc.update(
                        "UPDATE connection_credential SET connection_id = connection_id WHERE connection_id = ?",
                        connectionId)
                > 0;
    }

    private void insert(String connectionId, TokenDigest token, Instant createdAt) {
        jdbc.update(
                "INSERT INTO connection_token (token_id, connection_id, token_sha256, created_at) VALUES (?, ?, ?, ?)",
                token.tokenId(),
                connectionId,
                token.sha256Hex(),
                Timestamp.from(createdAt));
    }

    /** An event's timestamp as the event store keeps it (milliseconds), so a rebuild writes the same instant. */
    private static Instant stored(Instant timestamp) {
        return timestamp.truncatedTo(ChronoUnit.MILLIS);
    }

    private static Token token(ResultSet rs) throws SQLException {
        return new Token(
                rs.getString(1),
                rs.getString(2),
                instant(rs.getTimestamp(3)),
                instant(rs.getTimestamp(4)),
                instant(rs.getTimestamp(5)));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
