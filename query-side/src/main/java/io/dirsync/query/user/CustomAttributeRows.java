package io.dirsync.query.user;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Flattens a user's custom-extension attributes into the rows of {@code scim_user_custom_value} that filters
 * run on: a complex value under dotted names ({@code building.floor}), each element of a list as a row of its
 * own (a multi-valued attribute matches when any value does, RFC 7644 section 3.4.2.2).
 *
 * <p>Values longer than the indexed column are left out rather than cut: a cut value would make {@code eq}
 * match a different string. Such a value is still stored and returned; it is only not findable by filter.
 */
final class CustomAttributeRows {
    static final int MAX_NAME = 256;
    static final int MAX_VALUE = 2048;

    /** @param number the value as a number, for numeric comparisons; null for text and booleans */
    record Row(String nameKey, String valueKey, Double number) {
    }

    private CustomAttributeRows() {
    }

    static List<Row> of(Map<String, Object> attributes) {
        List<Row> rows = new ArrayList<>();
        attributes.forEach((name, value) -> add(name.toLowerCase(Locale.ROOT), value, rows));
        return rows;
    }

    private static void add(String name, Object value, List<Row> rows) {
        if (value == null || name.length() > MAX_NAME) {
            return;
        }
        if (value instanceof Map<?, ?> complex) {
            complex.forEach((sub, subValue) -> add(name + "." + String.valueOf(sub).toLowerCase(Locale.ROOT), subValue, rows));
        } else if (value instanceof Collection<?> values) {
            values.forEach(element -> add(name, element, rows));
        } else if (value instanceof Number number) {
            rows.add(new Row(name, number.toString().toLowerCase(Locale.ROOT), number.doubleValue()));
        } else {
            String text = value.toString();
            // an empty string is no value (RFC 7643 section 2.5), so 'pr' must not find it
            if (!text.isBlank() && text.length() <= MAX_VALUE) {
                rows.add(new Row(name, text.toLowerCase(Locale.ROOT), null));
            }
        }
    }
}
