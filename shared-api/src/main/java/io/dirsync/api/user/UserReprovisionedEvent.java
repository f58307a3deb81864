package io.dirsync.api.user;

import org.axonframework.serialization.Revision;

/** A user the identity provider had deleted was pushed again (same userName or externalId); it is the same directory user, with this profile. */
@Revision("2")
public record UserReprovisionedEvent(String userId, String connectionId, UserProfile profile, boolean active) {}
