package io.dirsync.api.scim;

/** A resource attribute has a value that dirsync cannot accept; nothing was changed. */
public class InvalidAttributeException extends RuntimeException {
    private final String attribute;

    public InvalidAttributeException(String attribute, String detail) {
        super(detail);
        this.attribute = attribute;
    }

    public String attribute() {
        return attribute;
    }
}
