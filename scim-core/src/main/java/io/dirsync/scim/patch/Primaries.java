package io.dirsync.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dirsync.scim.JsonAttributes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 7644 section 3.5.2: an operation that makes a value primary makes the others of that attribute non-primary.
 * The values that were primary before an operation are remembered; when the operation leaves several primary values,
 * those lose it and the new one keeps it.
 */
final class Primaries {
    private Primaries() {}

    /** The primary values of each multi-valued attribute, top level and within extensions. */
    static Map<String, List<JsonNode>> of(ObjectNode document) {
        Map<String, List<JsonNode>> result = new LinkedHashMap<>();
        visit(document, "", (name, values) -> {
            List<JsonNode> primary = new ArrayList<>();
            values.forEach(value -> {
                if (isPrimary(value)) {
                    primary.add(value.deepCopy());
                }
            });
            result.put(name, primary);
        });
        return result;
    }

    static void keepNewest(ObjectNode document, Map<String, List<JsonNode>> before) {
        visit(document, "", (name, values) -> {
            List<JsonNode> primary = new ArrayList<>();
            values.forEach(value -> {
                if (isPrimary(value)) {
                    primary.add(value);
                }
            });
            List<JsonNode> old = before.getOrDefault(name, List.of());
            if (primary.size() > 1 && primary.stream().anyMatch(value -> !old.contains(value))) {
                primary.stream().filter(old::contains).forEach(value -> ((ObjectNode) value).put("primary", false));
            }
        });
    }

    /** Also Entra's string booleans ("True"), which the resource reader accepts for primary as for any boolean. */
    private static boolean isPrimary(JsonNode value) {
        JsonNode primary = JsonAttributes.get(value, "primary");
        return primary != null
                && (primary.isBoolean()
                        ? primary.booleanValue()
                        : primary.isTextual() && primary.asText().trim().equalsIgnoreCase("true"));
    }

    private static void visit(
            ObjectNode object, String prefix, java.util.function.BiConsumer<String, JsonNode> arrays) {
        object.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (value.isArray()) {
                arrays.accept(prefix + field.getKey(), value);
            } else if (value.isObject() && prefix.isEmpty() && field.getKey().regionMatches(true, 0, "urn:", 0, 4)) {
                visit((ObjectNode) value, field.getKey() + ":", arrays);
            }
        });
    }
}
