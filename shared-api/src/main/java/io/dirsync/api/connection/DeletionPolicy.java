package io.dirsync.api.connection;

import io.dirsync.api.scim.InvalidAttributeException;

import java.util.Locale;

/**
 * What a SCIM DELETE of a user does on a connection. {@link #DEACTIVATE} (the default) keeps the user's history
 * readable; {@link #ERASE} also destroys the key its personal data was encrypted with, so that history keeps its
 * shape and its hash chain but no longer names the person (crypto-shredding, GDPR article 17).
 */
public enum DeletionPolicy {
    DEACTIVATE,
    ERASE;

    /** The admin API's spelling ({@code "deactivate"}, {@code "erase"}), case-insensitive. */
    public static DeletionPolicy parse(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidAttributeException("policy", "A deletion policy is 'deactivate' or 'erase'");
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidAttributeException(
                    "policy", "A deletion policy is 'deactivate' or 'erase', not '" + value + "'");
        }
    }

    public String external() {
        return name().toLowerCase(Locale.ROOT);
    }
}
