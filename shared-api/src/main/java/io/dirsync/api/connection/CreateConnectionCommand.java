package io.dirsync.api.connection;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Opens a new enterprise connection. The caller generates the bearer token and passes only its digest,
 * so the plain token never travels through the command bus or the event store.
 *
 * @param deletionPolicy null for the default ({@link DeletionPolicy#DEACTIVATE})
 */
public record CreateConnectionCommand(
        @TargetAggregateIdentifier String connectionId,
        String name,
        String organizationId,
        TokenDigest token,
        DeletionPolicy deletionPolicy) {

    /** A connection with the default deletion policy (deactivate). */
    public CreateConnectionCommand(String connectionId, String name, String organizationId, TokenDigest token) {
        this(connectionId, name, organizationId, token, null);
    }
}
