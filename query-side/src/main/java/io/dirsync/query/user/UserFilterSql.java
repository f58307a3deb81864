package io.dirsync.query.user;

import com.fasterxml.jackson.databind.node.ValueNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.AndFilter;
import com.unboundid.scim2.common.filters.ComplexValueFilter;
import com.unboundid.scim2.common.filters.ContainsFilter;
import com.unboundid.scim2.common.filters.EndsWithFilter;
import com.unboundid.scim2.common.filters.EqualFilter;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterVisitor;
import com.unboundid.scim2.common.filters.GreaterThanFilter;
import com.unboundid.scim2.common.filters.GreaterThanOrEqualFilter;
import com.unboundid.scim2.common.filters.LessThanFilter;
import com.unboundid.scim2.common.filters.LessThanOrEqualFilter;
import com.unboundid.scim2.common.filters.NotEqualFilter;
import com.unboundid.scim2.common.filters.NotFilter;
import com.unboundid.scim2.common.filters.OrFilter;
import com.unboundid.scim2.common.filters.PresentFilter;
import com.unboundid.scim2.common.filters.StartsWithFilter;
import io.dirsync.scim.ScimSchemas;
import io.dirsync.scim.ScimType;
import io.dirsync.scim.filter.ScimFilters;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Translates a parsed SCIM filter into a SQL condition over indexed {@code scim_user} columns, so the
 * database filters and pages; rows are never loaded to be filtered in memory. Values are always bound
 * parameters. An attribute without a column is a 400 invalidFilter, never a silently empty result.
 */
final class UserFilterSql {

    record Condition(String sql, List<Object> parameters) {
    }

    /** A filterable attribute: its column, and whether comparisons ignore case (RFC 7643 caseExact=false). */
    private record Column(String name, Kind kind, boolean caseInsensitive) {
    }

    private enum Kind { STRING, BOOLEAN, TIMESTAMP }

    private static final Map<String, Column> COLUMNS = Map.of(
            "id", new Column("user_id", Kind.STRING, false),
            "username", new Column("user_name_key", Kind.STRING, true),
            "externalid", new Column("external_id", Kind.STRING, false),
            "displayname", new Column("display_name", Kind.STRING, true),
            "active", new Column("active", Kind.BOOLEAN, false),
            "meta.created", new Column("created_at", Kind.TIMESTAMP, false),
            "meta.lastmodified", new Column("last_modified", Kind.TIMESTAMP, false));

    private UserFilterSql() {
    }

    static Condition translate(String filter) {
        if (filter == null || filter.isBlank()) {
            return new Condition("1 = 1", List.of());
        }
        Filter parsed = ScimFilters.parse(filter);
        List<Object> parameters = new ArrayList<>();
        try {
            return new Condition(parsed.visit(new Translator(), parameters), parameters);
        } catch (ScimException e) {
            throw io.dirsync.scim.ScimException.badRequest(ScimType.invalidFilter, e.getMessage());
        }
    }

    private static final class Translator implements FilterVisitor<String, List<Object>> {

        @Override
        public String visit(EqualFilter filter, List<Object> p) {
            return compare(filter, "=", p);
        }

        @Override
        public String visit(NotEqualFilter filter, List<Object> p) {
            Column column = column(filter.getAttributePath());
            return "(" + compare(filter, "<>", p) + " OR " + column.name() + " IS NULL)";
        }

        @Override
        public String visit(ContainsFilter filter, List<Object> p) {
            return like(filter, "%", "%", p);
        }

        @Override
        public String visit(StartsWithFilter filter, List<Object> p) {
            return like(filter, "", "%", p);
        }

        @Override
        public String visit(EndsWithFilter filter, List<Object> p) {
            return like(filter, "%", "", p);
        }

        @Override
        public String visit(PresentFilter filter, List<Object> p) {
            Column column = column(filter.getAttributePath());
            return column.kind() == Kind.STRING
                    ? "(" + column.name() + " IS NOT NULL AND " + column.name() + " <> '')"
                    : column.name() + " IS NOT NULL";
        }

        @Override
        public String visit(GreaterThanFilter filter, List<Object> p) {
            return ordered(filter, ">", p);
        }

        @Override
        public String visit(GreaterThanOrEqualFilter filter, List<Object> p) {
            return ordered(filter, ">=", p);
        }

        @Override
        public String visit(LessThanFilter filter, List<Object> p) {
            return ordered(filter, "<", p);
        }

        @Override
        public String visit(LessThanOrEqualFilter filter, List<Object> p) {
            return ordered(filter, "<=", p);
        }

        @Override
        public String visit(AndFilter filter, List<Object> p) throws ScimException {
            return combine(filter.getCombinedFilters(), " AND ", p);
        }

        @Override
        public String visit(OrFilter filter, List<Object> p) throws ScimException {
            return combine(filter.getCombinedFilters(), " OR ", p);
        }

        @Override
        public String visit(NotFilter filter, List<Object> p) throws ScimException {
            return "NOT (" + filter.getInvertedFilter().visit(this, p) + ")";
        }

        @Override
        public String visit(ComplexValueFilter filter, List<Object> p) {
            throw unsupported(filter.getAttributePath());
        }

        private String combine(List<Filter> filters, String operator, List<Object> p) throws ScimException {
            List<String> parts = new ArrayList<>();
            for (Filter f : filters) {
                parts.add("(" + f.visit(this, p) + ")");
            }
            return parts.stream().collect(Collectors.joining(operator));
        }

        private String compare(Filter filter, String operator, List<Object> p) {
            Column column = column(filter.getAttributePath());
            p.add(value(column, filter.getComparisonValue()));
            return column.name() + " " + operator + " ?";
        }

        private String ordered(Filter filter, String operator, List<Object> p) {
            Column column = column(filter.getAttributePath());
            if (column.kind() == Kind.BOOLEAN) {
                throw io.dirsync.scim.ScimException.badRequest(ScimType.invalidFilter,
                        "'" + filter.getAttributePath() + "' is a boolean and cannot be ordered");
            }
            return compare(filter, operator, p);
        }

        private String like(Filter filter, String before, String after, List<Object> p) {
            Column column = column(filter.getAttributePath());
            if (column.kind() != Kind.STRING) {
                throw io.dirsync.scim.ScimException.badRequest(ScimType.invalidFilter,
                        "co, sw and ew apply to strings, not to '" + filter.getAttributePath() + "'");
            }
            String value = (String) value(column, filter.getComparisonValue());
            String escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
            p.add(before + escaped + after);
            return column.name() + " LIKE ? ESCAPE '\\'";
        }

        private static Object value(Column column, ValueNode node) {
            if (node == null || node.isNull()) {
                throw io.dirsync.scim.ScimException.badRequest(ScimType.invalidFilter, "Comparing with null is not supported; use 'pr'");
            }
            return switch (column.kind()) {
                case BOOLEAN -> {
                    if (!node.isBoolean()) {
                        throw io.dirsync.scim.ScimException.badRequest(ScimType.invalidFilter, "'active' compares with true or false");
                    }
                    yield node.booleanValue();
                }
                case TIMESTAMP -> {
                    try {
                        yield Timestamp.from(Instant.parse(node.asText()));
                    } catch (DateTimeParseException e) {
                        throw io.dirsync.scim.ScimException.badRequest(ScimType.invalidFilter,
                                "'" + node.asText() + "' is not an RFC 3339 date-time");
                    }
                }
                case STRING -> {
                    if (!node.isTextual()) {
                        throw io.dirsync.scim.ScimException.badRequest(ScimType.invalidFilter, "'" + node + "' must be a string");
                    }
                    yield column.caseInsensitive() ? node.asText().toLowerCase(Locale.ROOT) : node.asText();
                }
            };
        }

        private static Column column(Path path) {
            Column column = COLUMNS.get(attributeName(path));
            if (column == null) {
                throw unsupported(path);
            }
            if (column.caseInsensitive() && !column.name().endsWith("_key")) {
                return new Column("LOWER(" + column.name() + ")", column.kind(), true);
            }
            return column;
        }

        /** The path as a lower-case dotted name; the core User schema URN prefix is optional. */
        private static String attributeName(Path path) {
            String urn = path.getSchemaUrn();
            if (urn != null && !urn.equalsIgnoreCase(ScimSchemas.USER)) {
                return urn.toLowerCase(Locale.ROOT) + ":" + path.withoutFilters().toString().toLowerCase(Locale.ROOT);
            }
            StringBuilder name = new StringBuilder();
            for (Path.Element element : path) {
                if (element.getValueFilter() != null) {
                    return "unsupported";
                }
                if (!name.isEmpty()) {
                    name.append('.');
                }
                name.append(element.getAttribute().toLowerCase(Locale.ROOT));
            }
            return name.toString();
        }

        private static io.dirsync.scim.ScimException unsupported(Path path) {
            return io.dirsync.scim.ScimException.badRequest(ScimType.invalidFilter,
                    "Filtering users on '" + path + "' is not supported");
        }
    }
}
