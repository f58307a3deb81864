package io.dirsync.api.user;

import org.axonframework.serialization.Revision;

/** The identity provider set {@code active=true} on a deactivated user. */
@Revision("1")
public record UserReactivatedEvent(String userId, String connectionId) {}
