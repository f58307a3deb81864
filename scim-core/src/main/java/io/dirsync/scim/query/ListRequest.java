package io.dirsync.scim.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.dirsync.scim.JsonAttributes;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimSchemas;
import io.dirsync.scim.ScimType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The parameters of a list or search (RFC 7644 sections 3.4.2 and 3.4.3), read from query parameters or from
 * a SearchRequest body into one shape, so both routes behave the same.
 * Paging per section 3.4.2.4: startIndex below 1 means 1, a negative count means 0, count defaults to 100 and
 * is capped at 1000 (our advertised filter.maxResults).
 *
 * @param descending sortOrder=descending; RFC 7644 defaults to ascending
 */
public record ListRequest(
        String filter, String sortBy, boolean descending, int startIndex, int count, AttributeSelection selection) {
    public static final int DEFAULT_COUNT = 100;
    public static final int MAX_COUNT = 1000;

    public static ListRequest fromQuery(
            String filter,
            String sortBy,
            String sortOrder,
            String startIndex,
            String count,
            String attributes,
            String excludedAttributes) {
        return new ListRequest(
                filter,
                blankToNull(sortBy),
                descending(sortOrder),
                Math.max(1, integer("startIndex", startIndex, 1)),
                Math.min(MAX_COUNT, Math.max(0, integer("count", count, DEFAULT_COUNT))),
                AttributeSelection.of(attributes, excludedAttributes));
    }

    /** A {@code POST .search} body: the same parameters as JSON, identified by the SearchRequest schema. */
    public static ListRequest fromSearchRequest(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ScimException.badRequest(
                    ScimType.invalidSyntax, "The request body must be a SearchRequest JSON object");
        }
        boolean searchRequest = false;
        for (JsonNode schema : body.path("schemas")) {
            searchRequest |= schema.asText().equalsIgnoreCase(ScimSchemas.SEARCH_REQUEST);
        }
        if (!searchRequest) {
            throw ScimException.badRequest(
                    ScimType.invalidSyntax, "A search body must list the schema " + ScimSchemas.SEARCH_REQUEST);
        }
        return new ListRequest(
                JsonAttributes.string(body, "filter", "filter"),
                blankToNull(JsonAttributes.string(body, "sortBy", "sortBy")),
                descending(JsonAttributes.string(body, "sortOrder", "sortOrder")),
                Math.max(1, integer("startIndex", text(JsonAttributes.get(body, "startIndex")), 1)),
                Math.min(
                        MAX_COUNT,
                        Math.max(0, integer("count", text(JsonAttributes.get(body, "count")), DEFAULT_COUNT))),
                AttributeSelection.of(names(body, "attributes"), names(body, "excludedAttributes")));
    }

    private static boolean descending(String sortOrder) {
        if (sortOrder == null || sortOrder.isBlank()) {
            return false;
        }
        return switch (sortOrder.trim().toLowerCase(Locale.ROOT)) {
            case "ascending" -> false;
            case "descending" -> true;
            default ->
                throw ScimException.badRequest(
                        ScimType.invalidValue, "'sortOrder' is 'ascending' or 'descending', not '" + sortOrder + "'");
        };
    }

    private static int integer(String name, String value, int absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, parsed));
        } catch (NumberFormatException e) {
            throw ScimException.badRequest(
                    ScimType.invalidValue, "'" + name + "' must be an integer, not '" + value + "'");
        }
    }

    /** JSON integers, and strings of digits from lenient clients; anything else fails as not an integer. */
    private static String text(JsonNode value) {
        return value == null ? null : value.isTextual() || value.isIntegralNumber() ? value.asText() : value.toString();
    }

    /** An array of names; a single comma-separated string is read the way the query parameter would be. */
    private static List<String> names(JsonNode body, String field) {
        JsonNode value = JsonAttributes.get(body, field);
        if (value == null) {
            return List.of();
        }
        if (value.isTextual()) {
            return List.of(value.asText().split(","));
        }
        if (!value.isArray()) {
            throw JsonAttributes.invalid(field, "must be an array of attribute names");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode name : value) {
            if (!name.isTextual()) {
                throw JsonAttributes.invalid(field, "must be an array of attribute names");
            }
            names.add(name.asText());
        }
        return names;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
