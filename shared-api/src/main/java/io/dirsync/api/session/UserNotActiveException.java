package io.dirsync.api.session;

public class UserNotActiveException extends RuntimeException {
    public UserNotActiveException(String userId) {
        super("User " + userId + " is deactivated: no new sessions");
    }
}
