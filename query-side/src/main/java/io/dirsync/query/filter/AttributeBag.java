package io.dirsync.query.filter;

import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.node.ValueNode;
import io.dirsync.query.filter.ColumnConditions.Operator;

import java.util.List;

/**
 * An extension schema whose attribute names are not known in advance (dirsync's custom extension: the IdP
 * names them), kept as name/value rows of one table. A filter on one of its attributes becomes
 * {@code <resource key> IN (SELECT <value key> FROM <from> WHERE <name> = ? AND <value condition>)}, an
 * uncorrelated IN that starts from the (name, value) index, as {@link MultiValuedColumns} does for emails.
 *
 * <p>Values compare as the filter's value reads: a string ignoring case, a number numerically (an integer
 * also matches the same digits stored as a string, since Entra sends bare values), a boolean as true/false.
 * {@code ne} is "not equal": users without the attribute match it, as they do for singular columns.
 *
 * @param from        the table and its alias, e.g. {@code scim_user_custom_value c}
 * @param valueKey    the row's reference to its resource
 * @param resourceKey the resource's key
 * @param name        the lower-cased attribute-name column (dotted for sub-attributes)
 * @param text        the lower-cased value column
 * @param number      the numeric value column, null for non-numbers
 */
public record AttributeBag(String from, String valueKey, String resourceKey, String name, String text, String number) {

    /** @param attribute the lower-cased attribute name within the schema, dotted for a sub-attribute */
    String compare(String attribute, Operator operator, ValueNode value, List<Object> parameters) {
        if (operator == Operator.NE) {
            return "NOT (" + compare(attribute, Operator.EQ, value, parameters) + ")";
        }
        // the name's placeholder comes first in the SQL, so it is bound first
        parameters.add(attribute);
        FilterColumn textColumn = FilterColumn.ignoringCase(text);
        String condition;
        if (value != null && value.isBoolean()) {
            if (operator != Operator.EQ) {
                throw ColumnConditions.invalid("A boolean compares only with eq and ne");
            }
            condition = ColumnConditions.compare(textColumn, operator, TextNode.valueOf(value.asText()), parameters);
        } else if (value != null && value.isNumber()) {
            condition = ColumnConditions.compare(FilterColumn.number(number), operator, value, parameters);
            if (operator == Operator.EQ && value.isIntegralNumber()) {
                condition = "(" + condition + " OR " + ColumnConditions.compare(textColumn, operator, value, parameters) + ")";
            }
        } else {
            condition = ColumnConditions.compare(textColumn, operator, value, parameters);
        }
        return in(name + " = ? AND " + condition);
    }

    /** {@code pr}: the attribute has a value, or (a complex attribute) one of its sub-attributes has. */
    String present(String attribute, List<Object> parameters) {
        parameters.add(attribute);
        parameters.add(ColumnConditions.escapeLike(attribute) + ".%");
        return in("(" + name + " = ? OR " + name + " LIKE ? ESCAPE '\\')");
    }

    private String in(String condition) {
        return resourceKey + " IN (SELECT " + valueKey + " FROM " + from + " WHERE " + condition + ")";
    }
}
