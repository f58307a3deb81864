package io.dirsync.api.user;

/** Answers the user's {@link UserState}, or null when it does not exist in this connection or was deleted. */
public record FindScimUserQuery(String connectionId, String userId) {}
