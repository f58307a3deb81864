package io.dirsync.query.directoryuser;

import java.time.Instant;

/** One row of the Directory users tab. {@code role} stays null until organizations and role mapping exist. */
public record DirectoryUser(String id, String userName, String email, String status, Instant lastSyncedAt, String role) {
}
