package io.dirsync.query.filter;

import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.node.ValueNode;
import io.dirsync.query.filter.ColumnConditions.Operator;
import io.dirsync.query.filter.StoredAttribute.Kind;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The attributes a resource keeps as rows of one table rather than in columns: one row per value, named by
 * attribute and sub-attribute, numbered by the {@code element} (the value of a multi-valued attribute) it belongs
 * to. A filter becomes an uncorrelated {@code <resource key> IN (SELECT ...)} that starts from the (name, value)
 * index, as {@link MultiValuedColumns} does for emails; a value filter becomes set operations (INTERSECT, UNION,
 * EXCEPT) over (resource, element) pairs, so that its conditions hold for one value ({@link ElementFilter}).
 *
 * <p>Values compare as the schema types them ({@link StoredAttribute.Kind}). {@code ne} is "not equal": resources
 * without the attribute match it, as they do for singular columns; on a multi-valued complex attribute it is
 * "some value is not equal", as {@code emails.type ne} is.
 *
 * @param table       the table, e.g. {@code scim_user_attribute_value}
 * @param key         its column referencing the resource, e.g. {@code user_id}
 * @param resourceKey the resource's key, e.g. {@code scim_user.user_id}
 * @param attributes  what the table can answer for
 */
public record AttributeValueTable(String table, String key, String resourceKey, StoredAttributes attributes) {
    /** Names inlined into sortBy's SQL (ORDER BY takes no parameters here): only these characters. */
    private static final Pattern LITERAL = Pattern.compile("[a-z0-9:._$\\-]*");

    Optional<StoredAttribute> resolve(String name) {
        return attributes.resolve(name);
    }

    /** {@code attr op value}: true when some value of the attribute matches (RFC 7644 section 3.4.2.2). */
    String compare(StoredAttribute attribute, Operator operator, ValueNode value, List<Object> parameters) {
        StoredAttribute leaf = comparable(attribute);
        if (operator == Operator.NE) {
            return leaf.multiValued()
                    ? resources(except(elements(leaf, parameters), matching(leaf, Operator.EQ, value, parameters)))
                    : "NOT (" + compare(leaf, Operator.EQ, value, parameters) + ")";
        }
        return resourceKey + " IN (SELECT v." + key + " FROM " + table + " v WHERE " + named(leaf, parameters) + " AND "
                + condition(leaf, operator, value, parameters) + ")";
    }

    /** {@code attr pr}: the attribute has a value, or (a complex one) one of its sub-attributes has. */
    String present(StoredAttribute attribute, List<Object> parameters) {
        parameters.add(attribute.attribute());
        String condition = "v.attribute_key = ?";
        if (attribute.sub() != null && !attribute.sub().isEmpty()) {
            parameters.add(attribute.sub());
            condition += " AND (v.sub_key = ?";
            if (attribute.kind() == Kind.ANY) {
                // a free-form value may nest deeper: building.floor has a value when building.floor.room has
                parameters.add(LikePattern.escape(attribute.sub()) + ".%");
                condition += " OR " + LikePattern.condition("v.sub_key");
            }
            condition += ")";
        }
        return resourceKey + " IN (SELECT v." + key + " FROM " + table + " v WHERE " + condition + ")";
    }

    /** {@code addresses[type eq "work" and locality eq "Paris"]}: one value meets the whole inner filter. */
    String valueFilter(
            StoredAttribute attribute, com.unboundid.scim2.common.filters.Filter inner, List<Object> parameters)
            throws com.unboundid.scim2.common.exceptions.ScimException {
        return resources(inner.visit(new ElementFilter(this, attribute), parameters));
    }

    /** SQL expressions to sort by, first to last; empty when the attribute cannot be sorted on. */
    List<String> sortExpressions(StoredAttribute attribute) {
        Optional<StoredAttribute> leaf = attribute.kind() != Kind.COMPLEX
                ? Optional.of(attribute)
                : attribute.multiValued() ? resolve(attribute.attribute() + ".value") : Optional.empty();
        if (leaf.isEmpty()
                || !LITERAL.matcher(leaf.get().attribute()).matches()
                || !LITERAL.matcher(leaf.get().sub()).matches()) {
            return List.of();
        }
        return switch (leaf.get().kind()) {
            case EXACT -> List.of(sortValue(leaf.get(), "value_exact"));
            case NUMBER -> List.of(sortValue(leaf.get(), "value_number"));
            // numbers first, numerically, then text: a free-form attribute may hold either
            case ANY -> List.of(sortValue(leaf.get(), "value_number"), sortValue(leaf.get(), "value_key"));
            default -> List.of(sortValue(leaf.get(), "value_key"));
        };
    }

    /** Element 0 is the primary value, else the first (RFC 7644 section 3.4.2.3); MIN for values nested in lists. */
    private String sortValue(StoredAttribute leaf, String column) {
        return "(SELECT MIN(s." + column + ") FROM " + table + " s WHERE s." + key + " = " + resourceKey
                + " AND s.attribute_key = '" + leaf.attribute() + "' AND s.sub_key = '" + leaf.sub()
                + "' AND s.element = 0)";
    }

    /** A multi-valued complex attribute compares its {@code value}; another complex one compares nothing. */
    private StoredAttribute comparable(StoredAttribute attribute) {
        if (attribute.kind() != Kind.COMPLEX) {
            return attribute;
        }
        Optional<StoredAttribute> value =
                attribute.multiValued() ? resolve(attribute.attribute() + ".value") : Optional.empty();
        return value.orElseThrow(() -> ColumnConditions.invalid("'" + attribute.attribute()
                + "' is complex: compare one of its sub-attributes, or use a value filter"));
    }

    // The (resource, element) pairs below are the sets ElementFilter combines.

    String matching(StoredAttribute leaf, Operator operator, ValueNode value, List<Object> parameters) {
        return pairs() + " WHERE " + named(leaf, parameters) + " AND " + condition(leaf, operator, value, parameters);
    }

    String having(StoredAttribute leaf, List<Object> parameters) {
        return pairs() + " WHERE " + named(leaf, parameters);
    }

    /** Every value of the attribute: what {@code not} and {@code ne} inside a value filter subtract from. */
    String elements(StoredAttribute attribute, List<Object> parameters) {
        parameters.add(attribute.attribute());
        return pairs() + " WHERE v.attribute_key = ?";
    }

    static String except(String all, String excluded) {
        return "(" + all + ") EXCEPT (" + excluded + ")";
    }

    private String pairs() {
        return "SELECT v." + key + ", v.element FROM " + table + " v";
    }

    private String resources(String pairs) {
        return resourceKey + " IN (SELECT m." + key + " FROM (" + pairs + ") m)";
    }

    private static String named(StoredAttribute leaf, List<Object> parameters) {
        parameters.add(leaf.attribute());
        parameters.add(leaf.sub());
        return "v.attribute_key = ? AND v.sub_key = ?";
    }

    /** The value condition of one row, {@code operator} not being ne (the callers turn ne into a complement). */
    private static String condition(StoredAttribute leaf, Operator operator, ValueNode value, List<Object> parameters) {
        FilterColumn text = FilterColumn.ignoringCase("v.value_key");
        if (value == null || value.isNull()) {
            return ColumnConditions.compare(text, operator, value, parameters);
        }
        return switch (leaf.kind()) {
            case TEXT -> ColumnConditions.compare(text, operator, value, parameters);
            // the lower-cased key finds the rows through the index; the exact value decides
            case EXACT ->
                operator == Operator.EQ
                        ? "(" + ColumnConditions.compare(text, operator, value, parameters) + " AND "
                                + ColumnConditions.compare(
                                        FilterColumn.caseExact("v.value_exact"), operator, value, parameters)
                                + ")"
                        : ColumnConditions.compare(
                                FilterColumn.caseExact("v.value_exact"), operator, value, parameters);
            case BOOLEAN -> {
                if (!value.isBoolean()) {
                    throw ColumnConditions.invalid("'" + value + "' must be true or false");
                }
                yield bool(text, operator, value, parameters);
            }
            case NUMBER -> ColumnConditions.compare(FilterColumn.number("v.value_number"), operator, value, parameters);
            case DATETIME -> dateTime(text, operator, value, parameters);
            case ANY -> anyValue(text, operator, value, parameters);
            case COMPLEX -> throw ColumnConditions.invalid("'" + leaf.attribute() + "' is complex");
        };
    }

    private static String bool(FilterColumn text, Operator operator, ValueNode value, List<Object> parameters) {
        if (operator != Operator.EQ) {
            throw ColumnConditions.invalid("A boolean compares only with eq and ne");
        }
        return ColumnConditions.compare(text, operator, TextNode.valueOf(value.asText()), parameters);
    }

    /** Stored in one UTC form ({@link StoredAttribute#canonicalDateTime}), so text order is time order. */
    private static String dateTime(FilterColumn text, Operator operator, ValueNode value, List<Object> parameters) {
        String canonical = value.isTextual() ? StoredAttribute.canonicalDateTime(value.asText()) : null;
        if (canonical == null) {
            throw ColumnConditions.invalid(
                    "'" + value.asText() + "' is not an RFC 3339 date-time such as 2011-05-13T04:42:34Z");
        }
        if (operator == Operator.CO || operator == Operator.SW || operator == Operator.EW) {
            throw ColumnConditions.invalid("co, sw and ew apply to strings, not to date-times");
        }
        return ColumnConditions.compare(text, operator, TextNode.valueOf(canonical), parameters);
    }

    /**
     * A free-form value compares as the filter's value reads: a string ignoring case, a number numerically (an
     * integer also matches the same digits stored as a string, since Entra sends bare values), a boolean as
     * true/false. A date-time string compares as text: ISO 8601 in UTC ({@code Z}) sorts in time order.
     */
    private static String anyValue(FilterColumn text, Operator operator, ValueNode value, List<Object> parameters) {
        if (value.isBoolean()) {
            return bool(text, operator, value, parameters);
        }
        if (value.isNumber()) {
            String condition =
                    ColumnConditions.compare(FilterColumn.number("v.value_number"), operator, value, parameters);
            return operator == Operator.EQ && value.isIntegralNumber()
                    ? "(" + condition + " OR " + ColumnConditions.compare(text, operator, value, parameters) + ")"
                    : condition;
        }
        return ColumnConditions.compare(text, operator, value, parameters);
    }
}
