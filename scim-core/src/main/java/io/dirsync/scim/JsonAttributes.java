package io.dirsync.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;

/**
 * Reading SCIM JSON the way RFC 7643 section 2.1 asks: attribute names are case-insensitive, and a JSON
 * null is the same as an absent attribute (Entra sends {@code "title": null}).
 */
public final class JsonAttributes {
    private JsonAttributes() {}

    /** The value of {@code name} in {@code object}, ignoring case; null when absent or JSON null. */
    public static JsonNode get(JsonNode object, String name) {
        if (object == null || !object.isObject()) {
            return null;
        }
        JsonNode exact = object.get(name);
        if (exact != null) {
            return exact.isNull() ? null : exact;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue().isNull() ? null : field.getValue();
            }
        }
        return null;
    }

    /**
     * The longest string attribute accepted, in UTF-8 bytes. Read-model columns hold 2,048 characters and PostgreSQL
     * indexes about 2,700 bytes a row: a longer userName failed in the database with a 500 instead of a 400.
     */
    public static final int MAX_STRING_BYTES = 1024;

    /** A string attribute, or null. Numbers and booleans are not strings: the client gets invalidValue. */
    public static String string(JsonNode object, String name, String path) {
        return string(object, name, path, MAX_STRING_BYTES);
    }

    /** A string attribute of at most {@code maxBytes} UTF-8 bytes, or null. */
    public static String string(JsonNode object, String name, String path, int maxBytes) {
        JsonNode value = get(object, name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(path, "must be a string");
        }
        return bounded(value.asText(), path, maxBytes);
    }

    /** {@code text} when it has at most {@code maxBytes} UTF-8 bytes; otherwise invalidValue naming the path. */
    public static String bounded(String text, String path, int maxBytes) {
        // a char is at most 3 UTF-8 bytes (a surrogate pair: 4 for 2 chars), so short strings skip the count
        if (text != null
                && text.length() * 3 > maxBytes
                && text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > maxBytes) {
            throw invalid(path, "is longer than " + maxBytes + " bytes");
        }
        return text;
    }

    /** A boolean attribute; also accepts the strings "true"/"false" in any case, as Entra ID sends them. */
    public static Boolean bool(JsonNode object, String name, String path) {
        return toBoolean(get(object, name), path);
    }

    public static Boolean toBoolean(JsonNode value, String path) {
        if (value == null) {
            return null;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual()) {
            String text = value.asText().trim();
            if (text.equalsIgnoreCase("true")) {
                return true;
            }
            if (text.equalsIgnoreCase("false")) {
                return false;
            }
        }
        throw invalid(path, "must be a boolean");
    }

    public static ObjectNode object(JsonNode object, String name, String path) {
        JsonNode value = get(object, name);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw invalid(path, "must be an object");
        }
        return (ObjectNode) value;
    }

    /**
     * A body's {@code schemas} must be an array of URIs that includes {@code schema} (RFC 7643 section 3, RFC 7644
     * section 3.5.2): a body meant for another resource type, or one that does not say, is refused rather than half-read.
     * Other URIs are allowed (extensions; Entra adds a Microsoft-specific one to groups).
     */
    public static void requireSchema(JsonNode body, String schema, String resource) {
        JsonNode schemas = get(body, "schemas");
        if (schemas == null || !schemas.isArray() || !allText(schemas)) {
            throw ScimException.badRequest(
                    ScimType.invalidSyntax,
                    "'schemas' must be an array of schema URIs that includes " + schema + " for a " + resource);
        }
        boolean found = false;
        for (JsonNode element : schemas) {
            found |= element.asText().trim().equalsIgnoreCase(schema);
        }
        if (!found) {
            throw ScimException.badRequest(
                    ScimType.invalidSyntax, "'schemas' must include " + schema + " for a " + resource);
        }
    }

    /** Whether {@code values} holds an element equal to {@code value} (JSON equality: the same value twice). */
    public static boolean containsEqual(JsonNode values, JsonNode value) {
        for (JsonNode existing : values) {
            if (existing.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode element : array) {
            if (!element.isTextual()) {
                return false;
            }
        }
        return true;
    }

    public static ScimException invalid(String path, String problem) {
        return ScimException.badRequest(ScimType.invalidValue, "Attribute '" + path + "' " + problem);
    }
}
