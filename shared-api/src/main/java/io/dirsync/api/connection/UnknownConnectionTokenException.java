package io.dirsync.api.connection;

/** No token of that id works for the connection: never issued, revoked, or expired. */
public class UnknownConnectionTokenException extends RuntimeException {
    public UnknownConnectionTokenException(String connectionId, String tokenId) {
        super("No token " + tokenId + " of connection " + connectionId);
    }
}
