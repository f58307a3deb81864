package io.dirsync.api.connection;

/** Answers a {@link ConnectionSummary}, or null when there is no such connection. */
public record FindConnectionQuery(String connectionId) {
}
