package io.dirsync.api.group;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** A SCIM PUT: the group's name, externalId and full member list. */
public record ReplaceGroupCommand(
        @TargetAggregateIdentifier String groupId,
        String connectionId,
        String displayName,
        String externalId,
        List<String> memberIds,
        Long expectedVersion) {

    public ReplaceGroupCommand {
        memberIds = memberIds == null ? List.of() : List.copyOf(memberIds);
    }
}
