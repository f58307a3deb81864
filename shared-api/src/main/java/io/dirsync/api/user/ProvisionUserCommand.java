package io.dirsync.api.user;

/**
 * A SCIM POST: creates a directory user, or brings back the user the identity provider deleted earlier
 * when the same userName or externalId comes again. No target identifier: the handler decides which.
 */
public record ProvisionUserCommand(String connectionId, UserProfile profile, boolean active) {}
