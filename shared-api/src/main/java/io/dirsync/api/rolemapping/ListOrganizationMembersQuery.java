package io.dirsync.api.rolemapping;

public record ListOrganizationMembersQuery(String organizationId) {}
