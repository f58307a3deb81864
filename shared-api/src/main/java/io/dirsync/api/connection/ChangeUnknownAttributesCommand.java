package io.dirsync.api.connection;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ChangeUnknownAttributesCommand(
        @TargetAggregateIdentifier String connectionId, UnknownAttributes policy) {}
