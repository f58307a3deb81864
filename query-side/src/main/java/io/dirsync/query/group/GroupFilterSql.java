package io.dirsync.query.group;

import com.unboundid.scim2.common.filters.AndFilter;
import com.unboundid.scim2.common.filters.EqualFilter;
import com.unboundid.scim2.common.filters.Filter;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimType;
import io.dirsync.scim.filter.ScimFilters;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Group filters as Okta and Entra ID send them before pushing a group: {@code eq} on displayName
 * (case-insensitive), externalId or id, joined with {@code and}. Anything else is a 400 invalidFilter.
 */
final class GroupFilterSql {
    record Condition(String sql, List<Object> parameters) {
    }

    private static final Map<String, String> COLUMNS = Map.of(
            "id", "group_id", "displayname", "display_name_key", "externalid", "external_id");

    private GroupFilterSql() {
    }

    static Condition translate(String filter) {
        if (filter == null || filter.isBlank()) {
            return new Condition("1 = 1", List.of());
        }
        List<Object> parameters = new ArrayList<>();
        return new Condition(sql(ScimFilters.parse(filter), parameters), parameters);
    }

    private static String sql(Filter filter, List<Object> parameters) {
        if (filter instanceof AndFilter and) {
            List<String> parts = new ArrayList<>();
            for (Filter part : and.getCombinedFilters()) {
                parts.add("(" + sql(part, parameters) + ")");
            }
            return String.join(" AND ", parts);
        }
        if (filter instanceof EqualFilter equal && equal.getAttributePath().size() == 1
                && equal.getComparisonValue().isTextual()) {
            String attribute = equal.getAttributePath().getElement(0).getAttribute().toLowerCase(Locale.ROOT);
            String column = COLUMNS.get(attribute);
            if (column != null) {
                String value = equal.getComparisonValue().asText();
                parameters.add(column.endsWith("_key") ? value.toLowerCase(Locale.ROOT) : value);
                return column + " = ?";
            }
        }
        throw ScimException.badRequest(ScimType.invalidFilter, "Groups can be filtered with eq on displayName, externalId or id"
                + " (joined by and), not '" + filter + "'");
    }
}
