package io.dirsync.api.user;

public class UnknownUserException extends RuntimeException {
    public UnknownUserException(String userId) {
        super("User " + userId + " not found");
    }
}
