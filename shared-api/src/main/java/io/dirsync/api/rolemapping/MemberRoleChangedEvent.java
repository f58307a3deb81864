package io.dirsync.api.rolemapping;

import org.axonframework.serialization.Revision;

/** A member's role in the organization, and why they have it. */
@Revision("1")
public record MemberRoleChangedEvent(
        String membershipId,
        String userId,
        String connectionId,
        String organizationId,
        String role,
        RoleSource source,
        String mappedGroupId) {}
