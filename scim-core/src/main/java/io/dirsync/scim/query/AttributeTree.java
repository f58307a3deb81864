package io.dirsync.scim.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A set of attribute paths as a tree of lower-cased field names: {@code name.givenName} and {@code emails}
 * give {name: {givenname: all}, emails: all}. Sub-attributes of multi-valued attributes apply to every value.
 *
 * @param all the whole attribute is selected, whatever its children say
 */
record AttributeTree(boolean all, Map<String, AttributeTree> children) {
    private static final AttributeTree NONE = new AttributeTree(false, Map.of());
    private static final AttributeTree WHOLE = new AttributeTree(true, Map.of());

    AttributeTree {
        children = Map.copyOf(children);
    }

    static AttributeTree of(List<List<String>> paths) {
        AttributeTree tree = NONE;
        for (List<String> path : paths) {
            tree = tree.merge(single(path, 0));
        }
        return tree;
    }

    private static AttributeTree single(List<String> path, int from) {
        return from == path.size() ? WHOLE : new AttributeTree(false, Map.of(path.get(from), single(path, from + 1)));
    }

    AttributeTree merge(AttributeTree other) {
        if (all || other.all) {
            return WHOLE;
        }
        Map<String, AttributeTree> merged = new HashMap<>(children);
        other.children.forEach((name, child) -> merged.merge(name, child, AttributeTree::merge));
        return new AttributeTree(false, merged);
    }

    /** A copy of {@code object} with only the selected fields, in their original order; emptied objects go. */
    ObjectNode keep(ObjectNode object) {
        ObjectNode kept = JsonNodeFactory.instance.objectNode();
        object.fields().forEachRemaining(field -> {
            AttributeTree child = children.get(field.getKey().toLowerCase(Locale.ROOT));
            JsonNode value =
                    child == null ? null : child.all ? field.getValue().deepCopy() : child.keepWithin(field.getValue());
            if (value != null) {
                kept.set(field.getKey(), value);
            }
        });
        return kept;
    }

    private JsonNode keepWithin(JsonNode value) {
        if (value instanceof ObjectNode object) {
            ObjectNode kept = keep(object);
            return kept.isEmpty() ? null : kept;
        }
        if (value instanceof ArrayNode array) {
            ArrayNode kept = JsonNodeFactory.instance.arrayNode();
            array.forEach(element -> {
                JsonNode projected = keepWithin(element);
                if (projected != null) {
                    kept.add(projected);
                }
            });
            return kept.isEmpty() ? null : kept;
        }
        return null;
    }

    /** Removes the selected fields from {@code object} in place, except what {@code protect} selects. */
    void remove(ObjectNode object, AttributeTree protect) {
        for (String name : new ArrayList<>(fieldNames(object))) {
            AttributeTree child = children.get(name.toLowerCase(Locale.ROOT));
            AttributeTree kept = protect.children.getOrDefault(name.toLowerCase(Locale.ROOT), NONE);
            if (child == null || kept.all) {
                continue;
            }
            JsonNode value = object.get(name);
            if (child.all) {
                value = kept.children.isEmpty() ? null : kept.keepWithin(value);
            } else {
                child.removeWithin(value, kept);
            }
            if (value == null || (value.isContainerNode() && value.isEmpty())) {
                object.remove(name);
            } else {
                object.set(name, value);
            }
        }
    }

    private void removeWithin(JsonNode value, AttributeTree protect) {
        if (value instanceof ObjectNode object) {
            remove(object, protect);
        } else if (value instanceof ArrayNode array) {
            for (int i = array.size() - 1; i >= 0; i--) {
                removeWithin(array.get(i), protect);
                if (array.get(i).isObject() && array.get(i).isEmpty()) {
                    array.remove(i);
                }
            }
        }
    }

    private static List<String> fieldNames(ObjectNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
