package io.dirsync.api.connection;

import java.time.Instant;

public record ConnectionSummary(String id, String name, String organizationId, Instant createdAt) {
}
