package io.dirsync.api.group;

/** One row of the admin's list of pushed groups. */
public record GroupSummary(String id, String displayName, int memberCount) {}
