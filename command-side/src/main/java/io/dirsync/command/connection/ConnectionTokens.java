package io.dirsync.command.connection;

import io.dirsync.api.connection.ConnectionCreatedEvent;
import io.dirsync.api.connection.ConnectionTokenExpirySetEvent;
import io.dirsync.api.connection.ConnectionTokenIssuedEvent;
import io.dirsync.api.connection.ConnectionTokenRevokedEvent;
import io.dirsync.api.connection.ConnectionTokenRotatedEvent;
import io.dirsync.api.connection.RevokeConnectionTokenCommand;
import io.dirsync.api.connection.RotateConnectionTokenCommand;
import io.dirsync.api.connection.UnknownConnectionTokenException;
import io.dirsync.api.scim.InvalidAttributeException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The bearer tokens a connection holds: at most two that work, so an IdP keeps provisioning with the old one while
 * the admin pastes the new one in. A rotation issues a token and gives the previous one an expiry (never a later one
 * than it had); a third token while two work revokes the oldest at once; a grace of zero revokes every previous one.
 */
public class ConnectionTokens {
    /** The longest grace a rotation may give the previous token. */
    public static final Duration MAX_GRACE = Duration.ofDays(30);

    private String connectionId;
    /** Token id to its expiry ({@code null}: none), oldest first; expired ones stay until the next issue. */
    private final Map<String, Instant> tokens = new LinkedHashMap<>();

    @CommandHandler
    public String handle(RotateConnectionTokenCommand command) {
        Duration grace = command.previousTokenExpiresIn();
        if (grace == null || grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
            throw new InvalidAttributeException(
                    "expiresInSeconds", "expiresInSeconds is between 0 and " + MAX_GRACE.toSeconds());
        }
        Instant now = command.now();
        List<String> working = working(now);
        int kept = grace.isZero() || working.isEmpty() ? 0 : 1;
        for (String ended : working.subList(0, working.size() - kept)) {
            apply(new ConnectionTokenRevokedEvent(connectionId, ended));
        }
        if (kept == 1) {
            String previous = working.get(working.size() - 1);
            Instant expiresAt = now.plus(grace);
            Instant had = tokens.get(previous);
            if (had == null || expiresAt.isBefore(had)) {
                apply(new ConnectionTokenExpirySetEvent(connectionId, previous, expiresAt));
            }
        }
        apply(new ConnectionTokenIssuedEvent(connectionId, command.token(), now));
        return command.token().tokenId();
    }

    /** Any token the connection holds may go, the last one too: then SCIM answers 401 until the next rotation. */
    @CommandHandler
    public void handle(RevokeConnectionTokenCommand command) {
        if (!tokens.containsKey(command.tokenId())) {
            throw new UnknownConnectionTokenException(connectionId, command.tokenId());
        }
        apply(new ConnectionTokenRevokedEvent(connectionId, command.tokenId()));
    }

    private List<String> working(Instant now) {
        return tokens.entrySet().stream()
                .filter(token -> token.getValue() == null || token.getValue().isAfter(now))
                .map(Map.Entry::getKey)
                .toList();
    }

    @EventSourcingHandler
    void on(ConnectionCreatedEvent event) {
        connectionId = event.connectionId();
        tokens.put(event.token().tokenId(), null);
    }

    /** The event of rotations before tokens had expiries: only the new token works. */
    @EventSourcingHandler
    void on(ConnectionTokenRotatedEvent event) {
        tokens.clear();
        tokens.put(event.token().tokenId(), null);
    }

    @EventSourcingHandler
    void on(ConnectionTokenIssuedEvent event) {
        tokens.values().removeIf(expiry -> expiry != null && !expiry.isAfter(event.issuedAt()));
        tokens.put(event.token().tokenId(), null);
    }

    @EventSourcingHandler
    void on(ConnectionTokenExpirySetEvent event) {
        tokens.replace(event.tokenId(), event.expiresAt());
    }

    @EventSourcingHandler
    void on(ConnectionTokenRevokedEvent event) {
        tokens.remove(event.tokenId());
    }
}
