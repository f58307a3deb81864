package io.dirsync.api.user;

import org.axonframework.serialization.Revision;

/**
 * The user's personal data was crypto-shredded: the key its profile was encrypted with is destroyed, so its earlier
 * events read back with the profile replaced by the erased marker ({@link ErasedProfile}), and every view drops what
 * it held about the user. Follows the {@link UserDeletedEvent} of a DELETE on a connection whose policy is erase.
 * Carries ids only: an erasure must not itself record what it erased.
 */
@Revision("1")
public record UserErasedEvent(String userId, String connectionId) {}
