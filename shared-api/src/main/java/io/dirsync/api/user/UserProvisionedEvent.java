package io.dirsync.api.user;

import org.axonframework.serialization.Revision;

/** A new directory user, pushed by the identity provider. */
@Revision("2")
public record UserProvisionedEvent(String userId, String connectionId, UserProfile profile, boolean active) {}
