package io.dirsync.api.user;

/** A view of a user's {@code name} (see {@link UserProfile#name()}), never stored on its own. */
public record PersonName(String givenName, String familyName, String formatted) {

    public boolean isEmpty() {
        return givenName == null && familyName == null && formatted == null;
    }
}
