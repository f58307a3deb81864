package io.dirsync.query.filter;

import com.fasterxml.jackson.databind.node.ValueNode;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimType;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * The SQL of one attribute comparison. Every condition is two-valued: a missing value makes a comparison false,
 * never SQL NULL, so {@code not (displayName eq "x")} matches users without a displayName, as it must.
 */
final class ColumnConditions {

    enum Operator {
        EQ,
        NE,
        CO,
        SW,
        EW,
        GT,
        GE,
        LT,
        LE
    }

    private ColumnConditions() {}

    static String present(FilterColumn column) {
        String c = column.sql();
        return column.kind() == FilterColumn.Kind.STRING
                ? "(" + c + " IS NOT NULL AND " + c + " <> '')"
                : c + " IS NOT NULL";
    }

    static String compare(FilterColumn column, Operator operator, ValueNode value, List<Object> parameters) {
        if (value == null || value.isNull()) {
            throw invalid("Comparing with null is not supported; use 'pr' or 'not (... pr)'");
        }
        return switch (column.kind()) {
            case BOOLEAN -> bool(column, operator, value, parameters);
            case TIMESTAMP -> timestamp(column, operator, value, parameters);
            case STRING -> string(column, operator, value, parameters);
            case NUMBER -> number(column, operator, value, parameters);
        };
    }

    private static String string(FilterColumn column, Operator operator, ValueNode value, List<Object> parameters) {
        // Entra sends bare values (externalId eq 12345); an integer is then the string of its digits
        if (!value.isTextual() && !value.isIntegralNumber()) {
            throw invalid("'" + value + "' must be a string");
        }
        String text = column.caseExact() ? value.asText() : value.asText().toLowerCase(Locale.ROOT);
        String c = column.sql();
        return switch (operator) {
            case CO -> like(c, "%" + LikePattern.escape(text) + "%", parameters);
            case SW -> like(c, LikePattern.escape(text) + "%", parameters);
            case EW -> like(c, "%" + LikePattern.escape(text), parameters);
            default -> ordered(c, operator, text, parameters);
        };
    }

    private static String number(FilterColumn column, Operator operator, ValueNode value, List<Object> parameters) {
        if (!value.isNumber()) {
            throw invalid("'" + value + "' must be a number");
        }
        if (operator == Operator.CO || operator == Operator.SW || operator == Operator.EW) {
            throw invalid("co, sw and ew apply to strings, not to numbers");
        }
        return ordered(column.sql(), operator, value.doubleValue(), parameters);
    }

    private static String bool(FilterColumn column, Operator operator, ValueNode value, List<Object> parameters) {
        if (operator != Operator.EQ && operator != Operator.NE) {
            throw invalid("A boolean compares only with eq and ne");
        }
        if (!value.isBoolean()) {
            throw invalid("'" + value + "' must be true or false");
        }
        return ordered(column.sql(), operator, value.booleanValue(), parameters);
    }

    /**
     * Resources show their timestamps in milliseconds while the databases keep microseconds. Comparisons are
     * made on the shown value, so that {@code meta.lastModified gt "<a user's own lastModified>"} does not
     * return that user again: an incremental sync would otherwise see it forever.
     */
    private static String timestamp(FilterColumn column, Operator operator, ValueNode value, List<Object> parameters) {
        Instant instant = instant(value);
        Instant floor = instant.truncatedTo(ChronoUnit.MILLIS);
        Instant next = floor.plusMillis(1);
        Instant ceiling = floor.equals(instant) ? floor : next;
        String c = column.sql();
        return switch (operator) {
            case GT -> ordered(c, Operator.GE, Timestamp.from(next), parameters);
            case GE -> ordered(c, Operator.GE, Timestamp.from(ceiling), parameters);
            case LT -> ordered(c, Operator.LT, Timestamp.from(ceiling), parameters);
            case LE -> ordered(c, Operator.LT, Timestamp.from(next), parameters);
            case EQ, NE -> {
                String equal = floor.equals(instant)
                        ? "(" + ordered(c, Operator.GE, Timestamp.from(floor), parameters) + " AND "
                                + ordered(c, Operator.LT, Timestamp.from(next), parameters) + ")"
                        : "1 = 0";
                yield operator == Operator.EQ ? equal : "NOT (" + equal + ")";
            }
            default -> throw invalid("co, sw and ew apply to strings, not to date-times");
        };
    }

    private static Instant instant(ValueNode value) {
        try {
            return OffsetDateTime.parse(value.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid("'" + value.asText() + "' is not an RFC 3339 date-time such as 2011-05-13T04:42:34Z");
        }
    }

    private static String ordered(String column, Operator operator, Object value, List<Object> parameters) {
        parameters.add(value);
        return switch (operator) {
            case NE -> "(" + column + " IS NULL OR " + column + " <> ?)";
            case EQ -> "(" + column + " IS NOT NULL AND " + column + " = ?)";
            case GT -> "(" + column + " IS NOT NULL AND " + column + " > ?)";
            case GE -> "(" + column + " IS NOT NULL AND " + column + " >= ?)";
            case LT -> "(" + column + " IS NOT NULL AND " + column + " < ?)";
            case LE -> "(" + column + " IS NOT NULL AND " + column + " <= ?)";
            default -> throw new IllegalArgumentException(operator.name());
        };
    }

    private static String like(String column, String pattern, List<Object> parameters) {
        parameters.add(pattern);
        return "(" + column + " IS NOT NULL AND " + LikePattern.condition(column) + ")";
    }

    static ScimException invalid(String detail) {
        return ScimException.badRequest(ScimType.invalidFilter, detail);
    }
}
