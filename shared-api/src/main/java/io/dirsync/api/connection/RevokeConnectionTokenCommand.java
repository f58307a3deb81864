package io.dirsync.api.connection;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Stops one of the connection's tokens at once; the others keep working. */
public record RevokeConnectionTokenCommand(
        @TargetAggregateIdentifier String connectionId, String tokenId) {}
