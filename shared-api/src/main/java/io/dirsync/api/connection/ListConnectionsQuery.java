package io.dirsync.query.connection;

/** Every connection, by name. */
public record ListConnectionsQuery() {
}
