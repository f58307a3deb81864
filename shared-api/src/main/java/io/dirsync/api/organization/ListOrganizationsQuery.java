package io.dirsync.api.organization;

/** Every organization with its roles, by name. */
public record ListOrganizationsQuery() {}
