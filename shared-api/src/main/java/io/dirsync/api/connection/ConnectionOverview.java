package io.dirsync.api.connection;

import java.time.Instant;

/** A connection as the admin lists it; never its token. {@code tokenRotatedAt} is null until the first rotation. */
public record ConnectionOverview(
        String id,
        String name,
        String organizationId,
        boolean syncEnabled,
        Instant createdAt,
        Instant tokenRotatedAt) {}
