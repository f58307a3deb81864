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

import java.util.List;
import java.util.Locale;

/**
 * The inner filter of a value filter on an {@link AttributeValueTable} attribute, as the set of (resource, element)
 * pairs, that is of values, meeting it: a comparison selects the rows of its sub-attribute, {@code and} intersects,
 * {@code or} unites, {@code not} and {@code ne} subtract from all the attribute's values. An address of type work
 * in Lyon and a home one in Paris are two elements, so {@code addresses[type eq "work" and locality eq "Paris"]}
 * finds neither.
 */
record ElementFilter(AttributeValueTable table, StoredAttribute attribute) implements ComparisonVisitor {

    @Override
    public String visit(AndFilter filter, List<Object> p) throws ScimException {
        return combine(filter.getCombinedFilters(), " INTERSECT ", p);
    }

    @Override
    public String visit(OrFilter filter, List<Object> p) throws ScimException {
        return combine(filter.getCombinedFilters(), " UNION ", p);
    }

    @Override
    public String visit(NotFilter filter, List<Object> p) throws ScimException {
        String all = table.elements(attribute, p);
        return AttributeValueTable.except(all, filter.getInvertedFilter().visit(this, p));
    }

    @Override
    public String visit(PresentFilter filter, List<Object> p) {
        return table.having(subAttribute(filter), p);
    }

    @Override
    public String visit(ComplexValueFilter filter, List<Object> p) {
        throw ColumnConditions.invalid("A value filter cannot hold another: '" + filter + "'");
    }

    @Override
    public String compare(Filter filter, Operator operator, List<Object> p) {
        StoredAttribute sub = subAttribute(filter);
        if (operator == Operator.NE) {
            String all = table.elements(attribute, p);
            return AttributeValueTable.except(all, table.matching(sub, Operator.EQ, filter.getComparisonValue(), p));
        }
        return table.matching(sub, operator, filter.getComparisonValue(), p);
    }

    private String combine(List<Filter> filters, String operator, List<Object> p) throws ScimException {
        StringBuilder sql = new StringBuilder();
        for (Filter f : filters) {
            sql.append(sql.isEmpty() ? "" : operator)
                    .append('(')
                    .append(f.visit(this, p))
                    .append(')');
        }
        return sql.toString();
    }

    private StoredAttribute subAttribute(Filter filter) {
        Path path = filter.getAttributePath();
        StringBuilder name = new StringBuilder(attribute.attribute());
        for (Path.Element element : path) {
            if (element.getValueFilter() != null) {
                throw ColumnConditions.invalid("A value filter cannot hold another: '" + path + "'");
            }
            name.append('.').append(element.getAttribute().toLowerCase(Locale.ROOT));
        }
        return table.resolve(name.toString())
                .filter(sub -> sub.kind() != StoredAttribute.Kind.COMPLEX)
                .orElseThrow(() -> ColumnConditions.invalid(
                        "'" + path + "' is no sub-attribute of '" + attribute.attribute() + "' that filters can use"));
    }
}
