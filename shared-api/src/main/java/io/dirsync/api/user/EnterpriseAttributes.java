package io.dirsync.api.user;

/** The RFC 7643 enterprise extension ({@code urn:ietf:params:scim:schemas:extension:enterprise:2.0:User}). */
public record EnterpriseAttributes(
        String employeeNumber,
        String costCenter,
        String organization,
        String division,
        String department,
        String managerId) {

    public boolean isEmpty() {
        return employeeNumber == null
                && costCenter == null
                && organization == null
                && division == null
                && department == null
                && managerId == null;
    }
}
