package io.dirsync.query.connection;

public record FindConnectionQuery(String connectionId) {
}
