package io.dirsync.api.user;

/** Another active user of the same connection already has this userName (compared case-insensitively). */
public class UserNameTakenException extends RuntimeException {
    public UserNameTakenException(String userName) {
        super("userName '" + userName + "' is already taken in this connection");
    }
}
