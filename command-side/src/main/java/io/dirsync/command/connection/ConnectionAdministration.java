package io.dirsync.command.connection;

import io.dirsync.api.connection.CreateConnectionCommand;
import io.dirsync.api.connection.DeletionPolicy;
import io.dirsync.api.connection.RotateConnectionTokenCommand;
import io.dirsync.api.rolemapping.SetDirectorySyncCommand;
import io.dirsync.scim.ScimLocations;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

import java.util.UUID;

/**
 * What an admin does to a connection, for the admin API and the admin web UI alike. Bearer tokens leave
 * this class in the answer of a creation or a rotation, and are never stored in the clear.
 */
@Component
public class ConnectionAdministration {
    private final CommandGateway commands;

    public ConnectionAdministration(CommandGateway commands) {
        this.commands = commands;
    }

    /** @param bearerToken the SCIM bearer token, to be shown once; only its digest is kept */
    public record CreatedConnection(String id, String name, String organizationId, String scimBaseUrl, String bearerToken) {
    }

    /** @param origin scheme, host and context path the IdP reaches this service at */
    public CreatedConnection create(String origin, String name, String organizationId, DeletionPolicy deletionPolicy) {
        String connectionId = UUID.randomUUID().toString();
        BearerTokens.IssuedToken token = BearerTokens.issue();
        commands.sendAndWait(new CreateConnectionCommand(connectionId, name, organizationId, token.digest(), deletionPolicy));
        return new CreatedConnection(connectionId, name.trim(), organizationId, ScimLocations.base(origin, connectionId), token.secret());
    }

    /** The new token; the previous one stops working at once. */
    public String rotateToken(String connectionId) {
        BearerTokens.IssuedToken token = BearerTokens.issue();
        commands.sendAndWait(new RotateConnectionTokenCommand(connectionId, token.digest()));
        return token.secret();
    }

    public void setSync(String connectionId, boolean enabled) {
        commands.sendAndWait(new SetDirectorySyncCommand(connectionId, enabled));
    }
}
