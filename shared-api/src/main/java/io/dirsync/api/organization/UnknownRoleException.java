package io.dirsync.api.organization;

public class UnknownRoleException extends RuntimeException {
    public UnknownRoleException(String organizationId, String role) {
        super("Organization " + organizationId + " has no role '" + role + "'");
    }
}
