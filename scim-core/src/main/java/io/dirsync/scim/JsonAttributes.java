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
    private JsonAttributes() {
    }

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

    /** A string attribute, or null. Numbers and booleans are not strings: the client gets invalidValue. */
    public static String string(JsonNode object, String name, String path) {
        JsonNode value = get(object, name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(path, "must be a string");
        }
        return value.asText();
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

    public static ScimException invalid(String path, String problem) {
        return ScimException.badRequest(ScimType.invalidValue, "Attribute '" + path + "' " + problem);
    }
}
