package io.dirsync.scim.user;

import io.dirsync.api.user.UserProfile;

/**
 * A user as a client sent it.
 *
 * @param active null when the client did not say
 */
public record ScimUserInput(UserProfile profile, Boolean active) {}
