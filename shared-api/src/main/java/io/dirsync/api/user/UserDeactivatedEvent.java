package io.dirsync.api.user;

import org.axonframework.serialization.Revision;

/** The identity provider set {@code active=false}. The user stays readable over SCIM; sessions are revoked. */
@Revision("1")
public record UserDeactivatedEvent(
        String userId,
        String connectionId) {
}
