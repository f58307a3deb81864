package io.dirsync.api.connection;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ChangeDeletionPolicyCommand(
        @TargetAggregateIdentifier String connectionId, DeletionPolicy policy) {}
