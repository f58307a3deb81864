package io.dirsync.api.user;

import io.dirsync.api.scim.PatchOperation;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** A SCIM PATCH, applied atomically against the user's current state. */
public record PatchUserCommand(
        @TargetAggregateIdentifier String userId,
        String connectionId,
        List<PatchOperation> operations,
        Long expectedVersion) {

    public PatchUserCommand {
        operations = List.copyOf(operations);
    }
}
