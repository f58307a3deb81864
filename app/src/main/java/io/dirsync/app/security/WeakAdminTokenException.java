package io.dirsync.app.security;

/** The admin token is too short to be the one credential that opens everything; dirsync does not start with it. */
public class WeakAdminTokenException extends IllegalStateException {
    public WeakAdminTokenException(String message) {
        super(message);
    }
}
