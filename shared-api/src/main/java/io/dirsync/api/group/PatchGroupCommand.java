package io.dirsync.api.group;

import io.dirsync.api.scim.PatchOperation;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** A SCIM PATCH on a group, applied atomically. */
public record PatchGroupCommand(
        @TargetAggregateIdentifier String groupId,
        String connectionId,
        List<PatchOperation> operations,
        Long expectedVersion) {

    public PatchGroupCommand {
        operations = List.copyOf(operations);
    }
}
