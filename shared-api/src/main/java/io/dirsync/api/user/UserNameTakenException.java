package io.dirsync.api.user;

/**
 * Another active user of the same connection already has this userName (compared case-insensitively). The message
 * does not repeat the userName: it becomes the SCIM error detail, which the provisioning-failure log keeps, and that
 * log must hold no personal data (the IdP knows which user it sent).
 */
public class UserNameTakenException extends RuntimeException {
    public UserNameTakenException(String userName) {
        super("userName is already taken in this connection (compared case-insensitively)");
    }
}
