package io.dirsync.api.user;

import org.axonframework.serialization.Revision;

/** The identity provider deleted the user: it is deactivated, its SCIM resource answers 404, its history stays. */
@Revision("1")
public record UserDeletedEvent(String userId, String connectionId) {}
