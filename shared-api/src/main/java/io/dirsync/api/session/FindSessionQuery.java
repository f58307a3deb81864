package io.dirsync.api.session;

public record FindSessionQuery(String sessionId) {}
