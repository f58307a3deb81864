package io.dirsync.query.filter;

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
import com.unboundid.scim2.common.filters.StartsWithFilter;
import io.dirsync.query.filter.ColumnConditions.Operator;

import java.util.List;

/** A filter-to-SQL visitor whose nine attribute comparisons differ only in their operator: one method takes them all. */
interface ComparisonVisitor extends FilterVisitor<String, List<Object>> {

    /** SQL for {@code filter}'s attribute compared with its value, binding parameters into {@code p}. */
    String compare(Filter filter, Operator operator, List<Object> p);

    @Override
    default String visit(EqualFilter filter, List<Object> p) {
        return compare(filter, Operator.EQ, p);
    }

    @Override
    default String visit(NotEqualFilter filter, List<Object> p) {
        return compare(filter, Operator.NE, p);
    }

    @Override
    default String visit(ContainsFilter filter, List<Object> p) {
        return compare(filter, Operator.CO, p);
    }

    @Override
    default String visit(StartsWithFilter filter, List<Object> p) {
        return compare(filter, Operator.SW, p);
    }

    @Override
    default String visit(EndsWithFilter filter, List<Object> p) {
        return compare(filter, Operator.EW, p);
    }

    @Override
    default String visit(GreaterThanFilter filter, List<Object> p) {
        return compare(filter, Operator.GT, p);
    }

    @Override
    default String visit(GreaterThanOrEqualFilter filter, List<Object> p) {
        return compare(filter, Operator.GE, p);
    }

    @Override
    default String visit(LessThanFilter filter, List<Object> p) {
        return compare(filter, Operator.LT, p);
    }

    @Override
    default String visit(LessThanOrEqualFilter filter, List<Object> p) {
        return compare(filter, Operator.LE, p);
    }
}
