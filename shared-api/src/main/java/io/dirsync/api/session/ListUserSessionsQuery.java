package io.dirsync.api.session;

/** A user's sessions, newest first, as the admin's user page lists them. */
public record ListUserSessionsQuery(String userId) {}
