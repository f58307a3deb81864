package io.dirsync.api.connection;

/** Every connection, by name. */
public record ListConnectionsQuery() {}
