package io.dirsync.query.organization;

/** Every organization with its roles, by name. */
public record ListOrganizationsQuery() {
}
