package io.dirsync.api.user;

public record PersonName(String givenName, String familyName, String formatted) {

    public boolean isEmpty() {
        return givenName == null && familyName == null && formatted == null;
    }
}
