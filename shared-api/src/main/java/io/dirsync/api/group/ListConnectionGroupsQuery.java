package io.dirsync.api.group;

/** The groups a connection has pushed so far, as the admin's role-mapping picker lists them. */
public record ListConnectionGroupsQuery(String connectionId) {}
