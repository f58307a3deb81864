package io.dirsync.query.filter;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A multi-valued complex attribute (RFC 7643 section 2.4, such as {@code emails}) kept as rows of its own
 * table. A filter on it becomes {@code <resource key> IN (SELECT <value key> FROM <from> WHERE ...)}: true when
 * some value matches, as RFC 7644 section 3.4.2.2 evaluates multi-valued attributes. An uncorrelated IN lets
 * the database start from the value index (one email among 100,000 users) instead of probing every user.
 *
 * @param from                 the table and its alias, e.g. {@code scim_user_email e}
 * @param valueKey             the value row's reference to its resource, e.g. {@code e.user_id}
 * @param resourceKey          the resource's key, e.g. {@code scim_user.user_id}
 * @param subAttributes        sub-attribute name to column, over the alias
 * @param defaultSubAttribute  what {@code emails eq "x"} compares: {@code value}
 */
public record MultiValuedColumns(
        String from,
        String valueKey,
        String resourceKey,
        Map<String, FilterColumn> subAttributes,
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
        return resourceKey + " IN (SELECT " + valueKey + " FROM " + from
                + (condition == null ? "" : " WHERE " + condition) + ")";
    }
}
