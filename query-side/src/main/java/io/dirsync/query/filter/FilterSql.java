package io.dirsync.query.filter;

import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.AndFilter;
import com.unboundid.scim2.common.filters.ComplexValueFilter;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.NotFilter;
import com.unboundid.scim2.common.filters.OrFilter;
import com.unboundid.scim2.common.filters.PresentFilter;
import io.dirsync.query.filter.ColumnConditions.Operator;
import io.dirsync.scim.ScimType;
import io.dirsync.scim.filter.ScimFilters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Translates an RFC 7644 filter into a SQL condition over a resource's {@link ResourceColumns}, so that the
 * database filters and pages; rows are never loaded to be filtered in memory. Values are always bound
 * parameters. An attribute the resource does not define is 400 invalidFilter, never a silently empty result.
 */
public final class FilterSql {
    private FilterSql() {}

    public static SqlCondition where(String filter, ResourceColumns resource) {
        if (filter == null || filter.isBlank()) {
            return new SqlCondition("1 = 1", List.of());
        }
        Filter parsed = ScimFilters.parse(filter);
        List<Object> parameters = new ArrayList<>();
        try {
            return new SqlCondition(parsed.visit(new Translator(resource, null, ""), parameters), parameters);
        } catch (ScimException e) {
            throw io.dirsync.scim.ScimException.badRequest(ScimType.invalidFilter, e.getMessage());
        }
    }

    /**
     * @param within inside {@code emails[...]}: names are that attribute's sub-attributes
     * @param prefix inside {@code name[...]}, a singular complex attribute: {@code "name."}
     */
    private record Translator(ResourceColumns resource, MultiValuedColumns within, String prefix)
            implements ComparisonVisitor {

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

        /** {@code attr pr}: a column with a non-empty value, some row of a multi-valued attribute, any sub-attribute. */
        @Override
        public String visit(PresentFilter filter, List<Object> p) {
            String name = name(filter.getAttributePath());
            if (within != null) {
                return ColumnConditions.present(subAttribute(within, name, filter));
            }
            Optional<FilterColumn> column = resource.column(prefix + name);
            if (column.isPresent()) {
                return ColumnConditions.present(column.get());
            }
            Optional<Map.Entry<MultiValuedColumns, String>> values = resource.multiValued(prefix + name);
            if (values.isPresent()) {
                MultiValuedColumns table = values.get().getKey();
                String sub = values.get().getValue();
                return table.exists(sub.isEmpty() ? null : ColumnConditions.present(subAttribute(table, sub, filter)));
            }
            // a complex attribute may be partly in columns (name.givenName) and partly in rows (name.middleName)
            List<String> parts = new ArrayList<>(resource.subColumns(prefix + name).stream()
                    .map(ColumnConditions::present)
                    .toList());
            resource.stored(prefix + name)
                    .ifPresent(stored -> parts.add(resource.values().present(stored, p)));
            if (parts.isEmpty()) {
                throw unsupported(filter);
            }
            return parts.size() == 1 ? parts.get(0) : "(" + String.join(" OR ", parts) + ")";
        }

        /** {@code emails[type eq "work" and value co "@x"]}: one value that meets the whole inner filter. */
        @Override
        public String visit(ComplexValueFilter filter, List<Object> p) throws ScimException {
            String name = name(filter.getAttributePath());
            if (within == null) {
                Optional<Map.Entry<MultiValuedColumns, String>> values = resource.multiValued(prefix + name);
                if (values.isPresent() && values.get().getValue().isEmpty()) {
                    MultiValuedColumns table = values.get().getKey();
                    return table.exists(filter.getValueFilter().visit(new Translator(resource, table, ""), p));
                }
                Optional<StoredAttribute> stored = resource.stored(prefix + name);
                if (stored.isPresent()
                        && stored.get().multiValued()
                        && stored.get().sub() == null) {
                    return resource.values().valueFilter(stored.get(), filter.getValueFilter(), p);
                }
                boolean singularComplex = stored.isPresent() && stored.get().kind() == StoredAttribute.Kind.COMPLEX;
                if (singularComplex || !resource.subColumns(prefix + name).isEmpty()) {
                    return "(" + filter.getValueFilter().visit(new Translator(resource, null, prefix + name + "."), p)
                            + ")";
                }
            }
            throw unsupported(filter);
        }

        @Override
        public String compare(Filter filter, Operator operator, List<Object> p) {
            String name = name(filter.getAttributePath());
            if (within != null) {
                return ColumnConditions.compare(
                        subAttribute(within, name, filter), operator, filter.getComparisonValue(), p);
            }
            Optional<FilterColumn> column = resource.column(prefix + name);
            if (column.isPresent()) {
                return ColumnConditions.compare(column.get(), operator, filter.getComparisonValue(), p);
            }
            Optional<Map.Entry<MultiValuedColumns, String>> values = resource.multiValued(prefix + name);
            if (values.isPresent()) {
                MultiValuedColumns table = values.get().getKey();
                FilterColumn sub = subAttribute(table, values.get().getValue(), filter);
                return table.exists(ColumnConditions.compare(sub, operator, filter.getComparisonValue(), p));
            }
            Optional<StoredAttribute> stored = resource.stored(prefix + name);
            if (stored.isPresent()) {
                return resource.values().compare(stored.get(), operator, filter.getComparisonValue(), p);
            }
            throw unsupported(filter);
        }

        private String combine(List<Filter> filters, String operator, List<Object> p) throws ScimException {
            List<String> parts = new ArrayList<>();
            for (Filter f : filters) {
                parts.add("(" + f.visit(this, p) + ")");
            }
            return String.join(operator, parts);
        }

        private String name(Path path) {
            String name = resource.attributeName(path);
            if (name == null) {
                throw ColumnConditions.invalid("Value filters go at the end of a path: '" + path + "'");
            }
            return name;
        }

        private static FilterColumn subAttribute(MultiValuedColumns table, String name, Filter filter) {
            return table.subAttribute(name).orElseThrow(() -> unsupported(filter));
        }

        private static io.dirsync.scim.ScimException unsupported(Filter filter) {
            return ColumnConditions.invalid("Filtering on '" + filter.getAttributePath() + "' is not supported");
        }
    }
}
