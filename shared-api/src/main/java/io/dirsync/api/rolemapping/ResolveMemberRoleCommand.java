package io.dirsync.api.rolemapping;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Sent by the role resolver: the role the mappings give a member now. Idempotent: resolving to what the
 * member already has stores nothing. {@code source} NONE with a null role: a deactivated user keeps its
 * membership but holds no role.
 *
 * @param mappedGroupId the group whose mapping gave the role; null unless {@code source} is MAPPING
 */
public record ResolveMemberRoleCommand(
        @TargetAggregateIdentifier String membershipId,
        String userId,
        String connectionId,
        String organizationId,
        String role,
        RoleSource source,
        String mappedGroupId) {}
