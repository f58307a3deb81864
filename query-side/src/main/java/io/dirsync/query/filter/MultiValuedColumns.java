package io.dirsync.query.filter;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A multi-valued complex attribute (RFC 7643 section 2.4, such as {@code emails}) kept as rows of its own
 * table. A filter on it becomes {@code EXISTS (SELECT 1 FROM <from> WHERE <correlation> AND ...)}: true when
 * some value matches, as RFC 7644 section 3.4.2.2 evaluates multi-valued attributes.
 *
 * @param from                 the table and its alias, e.g. {@code scim_user_email e}
 * @param correlation          ties a row to the resource row, e.g. {@code e.user_id = scim_user.user_id}
 * @param subAttributes        sub-attribute name to column, over the alias
 * @param defaultSubAttribute  what {@code emails eq "x"} compares: {@code value}
 */
public record MultiValuedColumns(String from, String correlation, Map<String, FilterColumn> subAttributes,
                                 String defaultSubAttribute) {

    public MultiValuedColumns {
        subAttributes = subAttributes.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue));
        defaultSubAttribute = defaultSubAttribute.toLowerCase(Locale.ROOT);
    }

    Optional<FilterColumn> subAttribute(String name) {
        return Optional.ofNullable(subAttributes.get(name.isEmpty() ? defaultSubAttribute : name));
    }

    String exists(String condition) {
        return "EXISTS (SELECT 1 FROM " + from + " WHERE " + correlation + (condition == null ? "" : " AND (" + condition + ")") + ")";
    }
}
