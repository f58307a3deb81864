package io.dirsync.api.scim;

/** The client's If-Match named a version that is no longer current; nothing was changed. */
public class VersionMismatchException extends RuntimeException {
    public VersionMismatchException(long expected, long actual) {
        super("The resource is at version " + actual + ", not " + expected);
    }
}
