package io.dirsync.query.rolemapping;

public record ListOrganizationMembersQuery(String organizationId) {
}
