package io.dirsync.scim.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.types.AttributeDefinition.Mutability;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Test data built from a schema definition: a valid value of any attribute, and one of the wrong type. */
public final class SchemaValues {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SchemaValues() {}

    /** A valid value: every writable sub-attribute set, one element when multi-valued. */
    public static JsonNode valid(AttributeDefinition definition) {
        JsonNode one = validSingle(definition);
        return definition.isMultiValued() ? NODES.arrayNode().add(one) : one;
    }

    /** A valid value of one element of the attribute. */
    public static JsonNode validSingle(AttributeDefinition definition) {
        String name = definition.getName();
        return switch (definition.getType()) {
            case STRING ->
                TextNode.valueOf(
                        definition.getCanonicalValues() != null
                                        && !definition.getCanonicalValues().isEmpty()
                                ? definition.getCanonicalValues().iterator().next()
                                : "v-" + name);
            case BOOLEAN -> BooleanNode.TRUE;
            case INTEGER -> IntNode.valueOf(42);
            case DECIMAL -> DoubleNode.valueOf(2.5);
            case DATETIME -> TextNode.valueOf("2026-01-31T09:00:00Z");
            case BINARY ->
                TextNode.valueOf(
                        Base64.getEncoder().encodeToString(("bytes of " + name).getBytes(StandardCharsets.UTF_8)));
            case REFERENCE -> TextNode.valueOf("https://example.com/" + name);
            case COMPLEX -> {
                // the writable sub-attributes; all of them for a read-only attribute (groups), which is ignored anyway
                ObjectNode object = NODES.objectNode();
                definition.getSubAttributes().stream()
                        .filter(sub -> writable(sub) || !writable(definition))
                        .forEach(sub -> object.set(sub.getName(), valid(sub)));
                yield object;
            }
        };
    }

    /** A value of another JSON type than the definition's. */
    public static JsonNode wrong(AttributeDefinition definition) {
        return switch (definition.getType()) {
            case STRING, REFERENCE, DATETIME, BINARY, COMPLEX -> IntNode.valueOf(42);
            case BOOLEAN -> TextNode.valueOf("maybe");
            case INTEGER, DECIMAL -> TextNode.valueOf("42");
        };
    }

    /** Neither read-only (ignored when sent) nor write-only (never stored). */
    public static boolean writable(AttributeDefinition definition) {
        return definition.getMutability() != Mutability.READ_ONLY
                && definition.getMutability() != Mutability.WRITE_ONLY;
    }
}
