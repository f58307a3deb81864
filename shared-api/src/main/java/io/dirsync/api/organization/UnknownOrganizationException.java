package io.dirsync.api.organization;

public class UnknownOrganizationException extends RuntimeException {
    public UnknownOrganizationException(String organizationId) {
        super("Organization " + organizationId + " not found");
    }
}
