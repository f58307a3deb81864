package io.dirsync.api.scim;

/** A request parameter (not a resource attribute) has a value that dirsync cannot read; nothing was done. */
public class InvalidParameterException extends RuntimeException {
    public InvalidParameterException(String detail) {
        super(detail);
    }
}
