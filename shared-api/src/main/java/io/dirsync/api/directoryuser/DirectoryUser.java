package io.dirsync.api.directoryuser;

import java.time.Instant;

/** One row of the Directory users tab; {@code role} is null while the user holds none (or has no organization). */
public record DirectoryUser(
        String id, String userName, String email, String status, Instant lastSyncedAt, String role) {}
