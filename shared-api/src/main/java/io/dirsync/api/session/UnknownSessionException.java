package io.dirsync.api.session;

public class UnknownSessionException extends RuntimeException {
    public UnknownSessionException(String sessionId) {
        super("Session " + sessionId + " not found");
    }
}
