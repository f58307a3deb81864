package io.dirsync.app.ui.user;

import io.dirsync.api.user.UserProfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A profile as label and value rows, in the order of the SCIM document: a sub-attribute as {@code name.givenName},
 * each value of a multi-valued attribute as {@code phoneNumbers (mobile)}, extension attributes under their schema's
 * last part ({@code enterprise: department}, {@code custom: costCode}). Absent values are left out.
 */
public final class AttributeRows {
    private AttributeRows() {}

    public record Row(String label, String value) {}

    public static List<Row> of(UserProfile profile) {
        List<Row> rows = new ArrayList<>();
        profile.attributes().forEach((name, value) -> {
            if (name.regionMatches(true, 0, "urn:", 0, 4) && value instanceof Map<?, ?> extension) {
                String prefix = extensionLabel(name) + ": ";
                extension.forEach((attribute, attributeValue) -> add(rows, prefix + attribute, attributeValue));
            } else {
                add(rows, name, value);
            }
        });
        return rows;
    }

    private static void add(List<Row> rows, String label, Object value) {
        if (value instanceof List<?> values) {
            values.forEach(element -> add(
                    rows, label + type(element), element instanceof Map<?, ?> complex ? valueOf(complex) : element));
        } else if (value instanceof Map<?, ?> complex) {
            complex.forEach((sub, subValue) -> add(rows, label + "." + sub, subValue));
        } else if (value != null && !String.valueOf(value).isBlank()) {
            rows.add(new Row(label, String.valueOf(value)));
        }
    }

    private static String type(Object element) {
        return element instanceof Map<?, ?> complex && complex.get("type") != null
                ? " (" + complex.get("type") + ")"
                : "";
    }

    /** A multi-valued attribute's value: its {@code value}, else its other sub-attributes (an address's parts). */
    private static String valueOf(Map<?, ?> complex) {
        String value = complex.containsKey("value")
                ? String.valueOf(complex.get("value"))
                : complex.entrySet().stream()
                        .filter(e -> !"type".equals(e.getKey()) && !"primary".equals(e.getKey()))
                        .map(e -> String.valueOf(e.getValue()))
                        .collect(Collectors.joining(", "));
        return value + (Boolean.TRUE.equals(complex.get("primary")) ? " · primary" : "");
    }

    /** {@code urn:ietf:params:scim:schemas:extension:enterprise:2.0:User} reads as "enterprise". */
    private static String extensionLabel(String urn) {
        if (urn.equalsIgnoreCase(UserProfile.ENTERPRISE_SCHEMA)) {
            return "enterprise";
        }
        if (urn.equalsIgnoreCase(UserProfile.CUSTOM_SCHEMA)) {
            return "custom";
        }
        return urn;
    }
}
