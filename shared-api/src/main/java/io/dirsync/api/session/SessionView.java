package io.dirsync.api.session;

public record SessionView(String sessionId, String userId, String status) {}
