package io.dirsync.api.connection;

public record FindConnectionQuery(String connectionId) {}
