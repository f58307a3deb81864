package io.dirsync.api.connection;

public class UnknownConnectionException extends RuntimeException {
    public UnknownConnectionException(String connectionId) {
        super("No connection " + connectionId);
    }
}
