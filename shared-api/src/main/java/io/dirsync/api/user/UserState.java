package io.dirsync.api.user;

import java.time.Instant;

/**
 * A directory user as of one version: what a SCIM write answers with and a SCIM read returns.
 *
 * @param version the aggregate's sequence number of its last event; the SCIM ETag is built from it
 */
public record UserState(
        String userId,
        String connectionId,
        UserProfile profile,
        boolean active,
        long version,
        Instant created,
        Instant lastModified) {}
