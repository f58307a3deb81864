package io.dirsync.api.rolemapping;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An admin sets a member's role by hand. Refused for a mapped role while directory sync is on. */
public record AssignMemberRoleCommand(
        @TargetAggregateIdentifier String membershipId, String userId, String organizationId, String role) {}
