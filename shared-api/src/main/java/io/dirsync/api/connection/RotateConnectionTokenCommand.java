package io.dirsync.api.connection;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RotateConnectionTokenCommand(
        @TargetAggregateIdentifier String connectionId,
        TokenDigest token) {
}
