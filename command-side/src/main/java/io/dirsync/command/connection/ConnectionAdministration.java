package io.dirsync.command.connection;

import io.dirsync.api.connection.CreateConnectionCommand;
import io.dirsync.api.connection.DeletionPolicy;
import io.dirsync.api.connection.RevokeConnectionTokenCommand;
import io.dirsync.api.connection.RotateConnectionTokenCommand;
import io.dirsync.api.connection.UnknownConnectionException;
import io.dirsync.api.rolemapping.SetDirectorySyncCommand;
import io.dirsync.scim.ScimLocations;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * What an admin does to a connection, for the admin API and the admin web UI alike. Bearer tokens leave
 * this class in the answer of a creation or a rotation, and are never stored in the clear.
 */
@Component
public class ConnectionAdministration {
    /** How long a rotated-out token keeps working unless the admin says otherwise. */
    public static final Duration DEFAULT_GRACE = Duration.ofHours(24);

    private final CommandGateway commands;
    private final ConnectionCredentials credentials;
    private final Clock clock;

    public ConnectionAdministration(CommandGateway commands, ConnectionCredentials credentials, Clock clock) {
        this.commands = commands;
        this.credentials = credentials;
        this.clock = clock;
    }

    /** @param bearerToken the SCIM bearer token, to be shown once; only its digest is kept */
    public record CreatedConnection(
            String id, String name, String organizationId, String scimBaseUrl, String bearerToken) {}

    /** @param origin scheme, host and context path the IdP reaches this service at */
    public CreatedConnection create(String origin, String name, String organizationId, DeletionPolicy deletionPolicy) {
        String connectionId = UUID.randomUUID().toString();
        BearerTokens.IssuedToken token = BearerTokens.issue();
        commands.sendAndWait(
                new CreateConnectionCommand(connectionId, name, organizationId, token.digest(), deletionPolicy));
        return new CreatedConnection(
                connectionId, name.trim(), organizationId, ScimLocations.base(origin, connectionId), token.secret());
    }

    /** @param bearerToken the new SCIM bearer token, to be shown once; {@code tokenId} its public id */
    public record RotatedToken(String tokenId, String bearerToken) {}

    /**
     * Issues a new token; the one in use until now keeps working for {@code previousTokenExpiresIn} more
     * ({@link Duration#ZERO}: it stops at once), see {@link ConnectionTokens}.
     */
    public RotatedToken rotateToken(String connectionId, Duration previousTokenExpiresIn) {
        BearerTokens.IssuedToken token = BearerTokens.issue();
        commands.sendAndWait(new RotateConnectionTokenCommand(
                connectionId, token.digest(), clock.instant(), previousTokenExpiresIn));
        return new RotatedToken(token.digest().tokenId(), token.secret());
    }

    /** The connection's tokens that work now, oldest first, without their values. */
    public List<ConnectionCredentials.Token> tokens(String connectionId) {
        return credentials
                .working(connectionId, clock.instant())
                .orElseThrow(() -> new UnknownConnectionException(connectionId));
    }

    /** Stops the token at once. */
    public void revokeToken(String connectionId, String tokenId) {
        commands.sendAndWait(new RevokeConnectionTokenCommand(connectionId, tokenId));
    }

    public void setSync(String connectionId, boolean enabled) {
        commands.sendAndWait(new SetDirectorySyncCommand(connectionId, enabled));
    }
}
