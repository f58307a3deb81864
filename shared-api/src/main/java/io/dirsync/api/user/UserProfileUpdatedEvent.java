package io.dirsync.api.user;

import org.axonframework.serialization.Revision;

/** Attributes changed; {@code profile} is the whole SCIM resource after the change (revision 2; 1 held a typed slice). */
@Revision("2")
public record UserProfileUpdatedEvent(String userId, String connectionId, UserProfile profile) {}
