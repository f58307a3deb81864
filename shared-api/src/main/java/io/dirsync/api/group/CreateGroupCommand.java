package io.dirsync.api.group;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** A SCIM POST /Groups; the caller picks the new group's id. */
public record CreateGroupCommand(
        @TargetAggregateIdentifier String groupId,
        String connectionId,
        String displayName,
        String externalId,
        List<String> memberIds) {

    public CreateGroupCommand {
        memberIds = memberIds == null ? List.of() : List.copyOf(memberIds);
    }
}
