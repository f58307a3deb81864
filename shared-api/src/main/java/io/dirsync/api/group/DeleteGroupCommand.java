package io.dirsync.api.group;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DeleteGroupCommand(
        @TargetAggregateIdentifier String groupId, String connectionId, Long expectedVersion) {}
