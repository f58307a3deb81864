package io.dirsync.api.user;

import org.axonframework.serialization.Revision;

/** Synced attributes changed; {@code profile} is the whole profile after the change. */
@Revision("1")
public record UserProfileUpdatedEvent(
        String userId,
        String connectionId,
        UserProfile profile) {
}
