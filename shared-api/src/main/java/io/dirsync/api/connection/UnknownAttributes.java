package io.dirsync.api.connection;

import io.dirsync.api.scim.InvalidAttributeException;

import java.util.Locale;

/**
 * What a connection does with attributes its IdP sends in the core or enterprise namespace that the schema does
 * not define. {@link #REJECT} (the default) answers 400 naming them, as RFC 7644 asks; some IdP set-ups put their own
 * attributes there (an {@code employeeId} under the enterprise URN), and {@link #KEEP} stores them as sent, returns
 * them and lets them be filtered and mapped.
 */
public enum UnknownAttributes {
    REJECT,
    KEEP;

    /** The admin API's spelling ({@code "reject"}, {@code "keep"}), case-insensitive. */
    public static UnknownAttributes parse(String value) {
        if (value != null) {
            for (UnknownAttributes known : values()) {
                if (known.name().equalsIgnoreCase(value.trim())) {
                    return known;
                }
            }
        }
        throw new InvalidAttributeException(
                "unknownAttributes", "unknownAttributes is 'reject' or 'keep', not '" + value + "'");
    }

    public String external() {
        return name().toLowerCase(Locale.ROOT);
    }
}
