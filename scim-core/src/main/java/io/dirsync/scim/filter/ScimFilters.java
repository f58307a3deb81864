package io.dirsync.scim.filter;

import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.Filter;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimType;

/**
 * Parses RFC 7644 section 3.4.2.2 filters into UnboundID's filter AST, after rewriting the dialects identity
 * providers send ({@link FilterDialectNormalizer}).
 */
public final class ScimFilters {
    private ScimFilters() {}

    public static Filter parse(String filter) {
        rejectUnclosedBracket(filter);
        String normalized = FilterDialectNormalizer.normalize(filter);
        try {
            return Filter.fromString(normalized);
        } catch (BadRequestException e) {
            throw ScimException.badRequest(ScimType.invalidFilter, detail(filter, normalized, e.getMessage()));
        } catch (RuntimeException e) {
            // the parser itself fails on some inputs it should reject, e.g. a JSON array as comparison value
            // (`emails.type ne [false]` throws ClassCastException, found by FilterFuzzTest): still the client's filter
            throw ScimException.badRequest(
                    ScimType.invalidFilter, detail(filter, normalized, "not a filter the grammar allows"));
        }
    }

    /** UnboundID reads {@code emails[type eq "work"} as if the bracket were closed; the RFC grammar does not. */
    private static void rejectUnclosedBracket(String filter) {
        int open = -1;
        for (FilterToken token : FilterToken.tokenize(filter)) {
            if (token.is(FilterToken.Type.OPEN_BRACKET) && open < 0) {
                open = token.start();
            } else if (token.is(FilterToken.Type.CLOSE_BRACKET)) {
                open = -1;
            }
        }
        if (open >= 0) {
            throw ScimException.badRequest(
                    ScimType.invalidFilter,
                    "Invalid filter '" + filter + "': the '[' at position " + open + " is never closed");
        }
    }

    /**
     * The parser's own words, which name the position of the problem. They count in the filter as normalised,
     * so when that differs from what the client sent, the detail shows it too. Only the first line is kept:
     * Jackson appends a source location that means nothing to a client.
     */
    static String detail(String filter, String normalized, String parserMessage) {
        String message = parserMessage == null
                ? "unreadable"
                : parserMessage.lines().findFirst().orElse("").trim();
        String detail = "Invalid filter '" + filter + "': " + message;
        return normalized.equals(filter)
                ? detail
                : detail + " (positions count in the filter as read: '" + normalized + "')";
    }
}
