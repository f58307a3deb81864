package io.dirsync.app.security;

/** What was presented: failures are counted per source address and kind, so one does not lock out the others. */
public enum CredentialKind {
    ADMIN_API("admin-api"),
    ADMIN_UI("admin-ui"),
    SCIM("scim");

    private final String label;

    CredentialKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
