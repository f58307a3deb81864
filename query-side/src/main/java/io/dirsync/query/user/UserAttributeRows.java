package io.dirsync.query.user;

import io.dirsync.api.user.UserProfile;
import io.dirsync.query.filter.StoredAttribute;
import io.dirsync.query.filter.StoredAttribute.Kind;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Flattens a user's profile into the rows of {@code scim_user_attribute_value} that filters and sortBy run on: one
 * row per simple value of every attribute {@link UserColumns#USERS} keeps there (every defined or extension attribute
 * without a column of its own). A complex value gives a row per sub-attribute (dotted deeper in a free-form
 * extension); each value of a multi-valued attribute is an element of its own, the primary one numbered 0.
 *
 * <p>Values longer than the indexed column are left out rather than cut: a cut value would make {@code eq}
 * match a different string. Such a value is still stored and returned; it is only not findable by filter.
 */
final class UserAttributeRows {
    /** UTF-8 bytes of attribute and sub-attribute names together; with the value's 2,048 the index row stays under PostgreSQL's limit. */
    static final int MAX_NAME = 384;

    static final int MAX_VALUE = 2048;

    /**
     * @param exact  the value as sent, for caseExact attributes; null otherwise
     * @param number the value as a number, for numeric comparisons; null for text and booleans
     */
    record Row(String attribute, String sub, int element, String valueKey, String exact, Double number) {}

    private UserAttributeRows() {}

    static List<Row> of(UserProfile profile) {
        List<Row> rows = new ArrayList<>();
        profile.attributes().forEach((name, value) -> {
            if (!name.regionMatches(true, 0, "urn:", 0, 4)) {
                attribute(lower(name), value, rows);
            } else if (value instanceof Map<?, ?> extension) {
                String urn = lower(name);
                extension.forEach((attribute, attributeValue) ->
                        attribute(urn + ":" + lower(String.valueOf(attribute)), attributeValue, rows));
            }
        });
        return rows;
    }

    private static void attribute(String name, Object value, List<Row> rows) {
        Optional<StoredAttribute> stored = UserColumns.USERS.stored(name);
        if (stored.isEmpty()) {
            return;
        }
        if (!(value instanceof List<?> values)) {
            add(stored.get(), "", value, 0, rows);
            return;
        }
        Object primary =
                values.stream().filter(UserAttributeRows::isPrimary).findFirst().orElse(null);
        int element = 0;
        if (primary != null) {
            add(stored.get(), "", primary, element++, rows);
        }
        for (Object each : values) {
            if (each != primary) {
                add(stored.get(), "", each, element++, rows);
            }
        }
    }

    private static void add(StoredAttribute attribute, String sub, Object value, int element, List<Row> rows) {
        if (value instanceof Map<?, ?> complex) {
            complex.forEach((name, subValue) -> add(
                    attribute,
                    (sub.isEmpty() ? "" : sub + ".") + lower(String.valueOf(name)),
                    subValue,
                    element,
                    rows));
        } else if (value instanceof Collection<?> values) {
            // a list inside a value (a free-form extension's): its items belong to the same element
            values.forEach(item -> add(attribute, sub, item, element, rows));
        } else if (value != null) {
            Optional<StoredAttribute> leaf = sub.isEmpty()
                    ? Optional.of(attribute)
                    : UserColumns.USERS.stored(attribute.attribute() + "." + sub);
            leaf.filter(found -> found.kind() != Kind.COMPLEX)
                    .map(found -> row(found, element, value))
                    .ifPresent(rows::add);
        }
    }

    private static Row row(StoredAttribute leaf, int element, Object value) {
        if (leaf.attribute().getBytes(StandardCharsets.UTF_8).length
                        + leaf.sub().getBytes(StandardCharsets.UTF_8).length
                > MAX_NAME) {
            return null;
        }
        if (value instanceof Number number && (leaf.kind() == Kind.NUMBER || leaf.kind() == Kind.ANY)) {
            return new Row(leaf.attribute(), leaf.sub(), element, lower(number.toString()), null, number.doubleValue());
        }
        String text = value.toString();
        String dateTime = leaf.kind() == Kind.DATETIME ? StoredAttribute.canonicalDateTime(text) : null;
        String key = dateTime != null ? dateTime : lower(text);
        String exact = leaf.kind() == Kind.EXACT ? text : null;
        // an empty string is no value (RFC 7643 section 2.5), so 'pr' must not find it. Counted in UTF-8 bytes:
        // PostgreSQL refuses an index row over about 2,700 bytes, and 2,048 characters of most non-Latin scripts are
        // three times that (the write failed with a 500)
        if (text.isBlank() || bytes(key) > MAX_VALUE || exact != null && bytes(exact) > MAX_VALUE) {
            return null;
        }
        return new Row(leaf.attribute(), leaf.sub(), element, key, exact, null);
    }

    private static boolean isPrimary(Object value) {
        return value instanceof Map<?, ?> complex && Boolean.TRUE.equals(complex.get("primary"));
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
