package io.dirsync.api.rolemapping;

/**
 * A member as the admin API lists it.
 *
 * @param roleSource "mapping", "default" or "manual"; null (with a null role) for a deactivated user
 */
public record OrganizationMember(
        String userId, String userName, String role, String roleSource, String mappedFromGroupId) {}
