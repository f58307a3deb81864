package io.dirsync.api.session;

import java.time.Instant;

public record UserSession(String sessionId, String status, Instant startedAt, Instant revokedAt) {}
