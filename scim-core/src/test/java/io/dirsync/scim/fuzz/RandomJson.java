package io.dirsync.scim.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random JSON values, and valid documents with one node swapped for a random value of any type. */
public final class RandomJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private RandomJson() {}

    /** Any JSON value, nested at most {@code depth} levels, keys drawn partly from {@code names}. */
    public static JsonNode value(Random random, int depth, List<String> names) {
        int kind = random.nextInt(depth <= 0 ? 6 : 8);
        return switch (kind) {
            case 0 -> JSON.nullNode();
            case 1 -> JSON.booleanNode(random.nextBoolean());
            case 2 ->
                Fuzzing.oneOf(
                        random,
                        JSON.numberNode(random.nextInt()),
                        JSON.numberNode(random.nextDouble() * 1e12),
                        JSON.numberNode(Long.MIN_VALUE),
                        JSON.numberNode(new java.math.BigInteger("123456789012345678901234567890")));
            case 3 ->
                JSON.textNode(Fuzzing.oneOf(
                        random,
                        "",
                        " ",
                        "true",
                        "False",
                        "work",
                        "a@b.c",
                        "x".repeat(300),
                        TextMutations.randomText(random, random.nextInt(12))));
            case 4 -> JSON.textNode(names.get(random.nextInt(names.size())));
            case 5 -> JSON.textNode(TextMutations.randomText(random, random.nextInt(4)));
            case 6 -> {
                ArrayNode array = JSON.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(value(random, depth - 1, names));
                }
                yield array;
            }
            default -> {
                ObjectNode object = JSON.objectNode();
                for (int i = random.nextInt(5); i > 0; i--) {
                    String key = random.nextInt(4) == 0
                            ? TextMutations.randomText(random, 1 + random.nextInt(5))
                            : names.get(random.nextInt(names.size()));
                    object.set(
                            random.nextBoolean() ? key : key.toUpperCase(java.util.Locale.ROOT),
                            value(random, depth - 1, names));
                }
                yield object;
            }
        };
    }

    /** A deep copy of {@code document} in which one node (or a field of an object) is replaced by a random value. */
    public static JsonNode mutate(Random random, JsonNode document, List<String> names) {
        JsonNode copy = document.deepCopy();
        List<JsonNode> containers = new ArrayList<>();
        collectContainers(copy, containers);
        if (containers.isEmpty()) {
            return value(random, 3, names);
        }
        JsonNode target = containers.get(random.nextInt(containers.size()));
        if (target instanceof ObjectNode object) {
            List<String> fields = new ArrayList<>();
            object.fieldNames().forEachRemaining(fields::add);
            String field = fields.isEmpty() || random.nextInt(4) == 0
                    ? names.get(random.nextInt(names.size()))
                    : fields.get(random.nextInt(fields.size()));
            if (random.nextInt(5) == 0) {
                object.remove(field);
            } else {
                object.set(field, value(random, 3, names));
            }
        } else if (target instanceof ArrayNode array) {
            if (array.isEmpty() || random.nextBoolean()) {
                array.add(value(random, 3, names));
            } else {
                array.set(random.nextInt(array.size()), value(random, 3, names));
            }
        }
        return copy;
    }

    private static void collectContainers(JsonNode node, List<JsonNode> into) {
        if (node.isContainerNode()) {
            into.add(node);
            node.elements().forEachRemaining(child -> collectContainers(child, into));
        }
    }
}
