package io.dirsync.api.user;

import java.time.Instant;

public class UnknownUserException extends RuntimeException {
    public UnknownUserException(String userId) {
        super("User " + userId + " not found");
    }

    /** The user did not exist yet at {@code asOf}, or does not exist at all. */
    public UnknownUserException(String userId, Instant asOf) {
        super("User " + userId + " not found as of " + asOf);
    }
}
