package io.dirsync.scim.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.types.SchemaResource;
import io.dirsync.api.connection.UnknownAttributes;
import io.dirsync.scim.JsonAttributes;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimType;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static io.dirsync.scim.JsonAttributes.invalid;

/**
 * Reads a POST or PUT body, or a document a PATCH produced, against a {@link ResourceSchema}: the one place where a
 * resource is validated and made canonical before anything is stored.
 * <ul>
 *   <li>{@code schemas} must name the core schema (else invalidSyntax);</li>
 *   <li>attribute names take the schema's spelling; an attribute the core or a closed extension does not define is
 *       invalidSyntax naming it, unless the connection keeps such attributes ({@link UnknownAttributes#KEEP});</li>
 *   <li>values must have the schema's type (else invalidValue), with the IdP dialects normalised first: boolean
 *       strings ({@code "True"}), the enterprise manager as a plain id;</li>
 *   <li>read-only attributes are ignored (RFC 7644 section 3.5.1), write-only ones ({@code password}) are dropped and
 *       never stored; null, {@code ""} and empty arrays are unassigned (RFC 7643 section 2.5); equal values of a
 *       multi-valued attribute are kept once; at most one value may be primary;</li>
 *   <li>the open extension and extensions the schema does not know ({@code urn:...:extension:Acme:2.0:User}) are kept
 *       as sent, under their URN.</li>
 * </ul>
 * The result holds the core attributes in schema order, then kept undefined ones, then one object per extension.
 */
public final class ResourceReader {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String MANAGER = "manager";
    private static final String REF = "$ref";
    private static final String CORE_SCHEMAS = "urn:ietf:params:scim:schemas:core:";
    /** A value's {@code type} is a word such as "work"; the read model's type columns hold 256 bytes. */
    private static final int MAX_TYPE_BYTES = 256;

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final ResourceSchema schema;
    private final UnknownAttributes unknown;
    /** The undefined attributes of the body being read, all named in one error (not thread-safe: one reader per request). */
    private final List<String> undefined = new ArrayList<>();

    public ResourceReader(ResourceSchema schema, UnknownAttributes unknown) {
        this.schema = schema;
        this.unknown = unknown;
    }

    /** @param resource the resource's name for messages, e.g. "User" */
    public ObjectNode read(JsonNode body, String resource) {
        if (body == null || !body.isObject()) {
            throw ScimException.badRequest(
                    ScimType.invalidSyntax, "The request body must be a SCIM " + resource + " JSON object");
        }
        JsonAttributes.requireSchema(body, schema.coreUrn(), resource);
        undefined.clear();
        ObjectNode core = JSON.objectNode();
        Map<String, ObjectNode> extensions = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (value.isNull()
                    || name.equalsIgnoreCase("schemas")
                    || name.equalsIgnoreCase("id")
                    || name.equalsIgnoreCase("meta")) {
                continue;
            }
            if (name.regionMatches(true, 0, "urn:", 0, 4)) {
                readUrnKey(name, value, core, extensions);
            } else {
                readCoreAttribute(name, value, core);
            }
        }
        if (!undefined.isEmpty()) {
            throw ScimException.badRequest(
                    ScimType.invalidSyntax,
                    "The schema does not define " + String.join(", ", undefined)
                            + "; a connection whose unknownAttributes setting is 'keep' stores such attributes as sent");
        }
        return assemble(core, extensions);
    }

    private void readCoreAttribute(String name, JsonNode value, ObjectNode core) {
        Optional<AttributeDefinition> definition = schema.coreAttribute(name);
        if (definition.isEmpty()) {
            keepUndefined(core, name, value, name);
            return;
        }
        put(core, definition.get(), value, definition.get().getName());
    }

    /** A whole extension object, an attribute qualified with its schema URN, or an unknown extension's. */
    private void readUrnKey(String name, JsonNode value, ObjectNode core, Map<String, ObjectNode> extensions) {
        if (schema.isCore(name)) {
            // core attributes nested under the core URN are core attributes, never an extension of that name
            if (!value.isObject()) {
                throw invalid(name, "must be an object of the core attributes");
            }
            value.fields().forEachRemaining(field -> {
                if (!field.getValue().isNull()) {
                    readCoreAttribute(field.getKey(), field.getValue(), core);
                }
            });
            return;
        }
        Optional<String> known = schema.knownExtension(name);
        if (known.isPresent()) {
            readExtension(known.get(), value, extensions);
            return;
        }
        int colon = name.lastIndexOf(':');
        String urn = name.substring(0, colon);
        String attribute = name.substring(colon + 1);
        if (schema.isCore(urn)) {
            readCoreAttribute(attribute, value, core);
            return;
        }
        Optional<String> owner = schema.knownExtension(urn);
        if (isCoreNamespace(name)) {
            // the core User's own attributes were read above: anything else here is another resource type's
            throw ScimException.badRequest(
                    ScimType.invalidSyntax, "'" + name + "' belongs to another resource type's core schema");
        }
        if (owner.isEmpty() && nestsInKnownSchema(schema, urn)) {
            // urn:...:enterprise:2.0:User:userName:x names no attribute of the enterprise schema, nor another schema
            throw ScimException.badRequest(ScimType.invalidSyntax, "The schema does not define '" + urn + "'");
        }
        if (owner.isEmpty() && !schema.keepsOtherExtensions()) {
            throw ScimException.badRequest(
                    ScimType.invalidSyntax, "'" + name + "' is in a schema this resource type does not have");
        }
        if (owner.isPresent()) {
            ObjectNode single = JSON.objectNode();
            single.set(attribute, value);
            readExtension(owner.get(), single, extensions);
        } else if (value.isObject() && (isSchemaUrn(name) || !isSchemaUrn(urn))) {
            // an extension object: named as a schema (…:2.0:User), or by a URN whose prefix is no schema, so that the
            // same key reads the same way each time the stored document is read again
            merge(extensions.computeIfAbsent(name, u -> JSON.objectNode()), withoutNulls(value));
        } else if (isSchemaUrn(name) && !isSchemaUrn(urn)) {
            throw invalid(name, "must be an object of the extension's attributes");
        } else {
            JsonNode kept = withoutNulls(value);
            if (kept != null) {
                extensions.computeIfAbsent(urn, u -> JSON.objectNode()).set(attribute, kept);
            }
        }
    }

    private void readExtension(String urn, JsonNode value, Map<String, ObjectNode> extensions) {
        if (!value.isObject()) {
            throw invalid(urn, "must be an object of the extension's attributes");
        }
        ObjectNode target = extensions.computeIfAbsent(urn, u -> JSON.objectNode());
        Optional<SchemaResource> closed = schema.closedExtension(urn);
        if (closed.isEmpty()) {
            merge(target, withoutNulls(value));
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            Optional<AttributeDefinition> definition =
                    ResourceSchema.find(closed.get().getAttributes(), field.getKey());
            if (definition.isEmpty()) {
                keepUndefined(target, field.getKey(), field.getValue(), urn + ":" + field.getKey());
            } else {
                put(
                        target,
                        definition.get(),
                        field.getValue(),
                        urn + ":" + definition.get().getName());
            }
        }
    }

    private void put(ObjectNode target, AttributeDefinition definition, JsonNode value, String path) {
        if (definition.getMutability() == AttributeDefinition.Mutability.READ_ONLY
                || definition.getMutability() == AttributeDefinition.Mutability.WRITE_ONLY) {
            return;
        }
        JsonNode canonical = value(definition, value, path);
        // a reference's $ref is dirsync's own URI for its value, filled on output: the client's is checked, not kept
        if (canonical != null && !definition.getName().equals(REF)) {
            target.set(definition.getName(), canonical);
        }
    }

    private JsonNode value(AttributeDefinition definition, JsonNode value, String path) {
        if (unassigned(value)) {
            return null;
        }
        if (!definition.isMultiValued()) {
            return single(definition, value, path);
        }
        if (!value.isArray()) {
            throw invalid(path, "is multi-valued and must be an array");
        }
        ArrayNode values = JSON.arrayNode();
        int primaries = 0;
        for (JsonNode element : value) {
            JsonNode canonical = single(definition, element, path);
            if (canonical == null
                    || JsonAttributes.containsEqual(values, canonical)
                    || lacksValue(definition, canonical)) {
                continue;
            }
            values.add(canonical);
            primaries += canonical.path("primary").asBoolean(false) ? 1 : 0;
        }
        if (primaries > 1) {
            throw invalid(path, "may mark only one value as primary");
        }
        return values.isEmpty() ? null : values;
    }

    private JsonNode single(AttributeDefinition definition, JsonNode value, String path) {
        if (unassigned(value)) {
            return null;
        }
        return switch (definition.getType()) {
            case COMPLEX -> complex(definition, value, path);
            case BOOLEAN -> BooleanNode.valueOf(JsonAttributes.toBoolean(value, path));
            case INTEGER -> {
                if (!value.isIntegralNumber()) {
                    throw invalid(path, "must be an integer");
                }
                yield value;
            }
            case DECIMAL -> {
                if (!value.isNumber()) {
                    throw invalid(path, "must be a number");
                }
                yield value;
            }
            case DATETIME -> dateTime(text(value, path, JsonAttributes.MAX_STRING_BYTES), path);
            case BINARY -> binary(text(value, path, Integer.MAX_VALUE), path);
            case STRING, REFERENCE ->
                text(
                        value,
                        path,
                        definition.getName().equals("type") ? MAX_TYPE_BYTES : JsonAttributes.MAX_STRING_BYTES);
        };
    }

    private JsonNode complex(AttributeDefinition definition, JsonNode value, String path) {
        if (definition.getName().equals(MANAGER) && (value.isTextual() || value.isArray() && value.size() == 1)) {
            // Entra sends the manager as a plain id, or as a one-element list
            return value.isTextual()
                    ? complex(definition, JSON.objectNode().put("value", value.asText()), path)
                    : complex(definition, value.get(0), path);
        }
        if (!value.isObject()) {
            throw invalid(path, "must be an object");
        }
        ObjectNode result = JSON.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            Optional<AttributeDefinition> sub = ResourceSchema.find(definition.getSubAttributes(), field.getKey());
            if (sub.isEmpty()) {
                keepUndefined(result, field.getKey(), field.getValue(), path + "." + field.getKey());
            } else {
                put(result, sub.get(), field.getValue(), path + "." + sub.get().getName());
            }
        }
        return result.isEmpty() ? null : result;
    }

    /** RFC 7643 section 2.5, and the empty string IdPs send for a cleared attribute of any type. */
    private static boolean unassigned(JsonNode value) {
        return value == null
                || value.isNull()
                || value.isTextual() && value.asText().isEmpty();
    }

    private static JsonNode text(JsonNode value, String path, int maxBytes) {
        if (!value.isTextual()) {
            throw invalid(path, "must be a string");
        }
        String text = JsonAttributes.bounded(value.asText(), path, maxBytes);
        return text.isEmpty() ? null : value;
    }

    private static JsonNode dateTime(JsonNode value, String path) {
        if (value != null) {
            try {
                OffsetDateTime.parse(value.asText());
            } catch (DateTimeParseException e) {
                throw invalid(path, "must be an xsd:dateTime such as 2026-01-31T09:00:00Z");
            }
        }
        return value;
    }

    private static JsonNode binary(JsonNode value, String path) {
        if (value != null) {
            try {
                // line breaks and spaces as in PEM are allowed; any other character outside the alphabet is not
                Base64.getDecoder().decode(WHITESPACE.matcher(value.asText()).replaceAll(""));
            } catch (IllegalArgumentException e) {
                throw invalid(path, "must be base64-encoded");
            }
        }
        return value;
    }

    private void keepUndefined(ObjectNode target, String name, JsonNode value, String path) {
        if (unknown != UnknownAttributes.KEEP) {
            undefined.add("'" + path + "'");
            return;
        }
        JsonNode kept = withoutNulls(value);
        if (kept != null) {
            target.set(name, kept);
        }
    }

    /**
     * A value whose shape the schema does not give: kept as sent, less JSON nulls. Its strings are not bounded: they
     * are stored and returned whole, and only left out of the filter index when too long for it.
     */
    private static JsonNode withoutNulls(JsonNode value) {
        if (value.isObject()) {
            ObjectNode result = JSON.objectNode();
            value.fields().forEachRemaining(field -> {
                JsonNode kept = withoutNulls(field.getValue());
                if (kept != null) {
                    result.set(field.getKey(), kept);
                }
            });
            return result.isEmpty() ? null : result;
        }
        if (value.isArray()) {
            ArrayNode result = JSON.arrayNode();
            value.forEach(element -> {
                JsonNode kept = withoutNulls(element);
                if (kept != null) {
                    result.add(kept);
                }
            });
            return result.isEmpty() ? null : result;
        }
        return value.isNull() ? null : value;
    }

    private static void merge(ObjectNode target, JsonNode values) {
        if (values != null) {
            target.setAll((ObjectNode) values);
        }
    }

    /** A value of a multi-valued complex attribute that has a {@code value} sub-attribute but none: not stored. */
    private static boolean lacksValue(AttributeDefinition definition, JsonNode element) {
        return definition.getType() == AttributeDefinition.Type.COMPLEX
                && ResourceSchema.find(definition.getSubAttributes(), "value").isPresent()
                && !element.has("value");
    }

    private ObjectNode assemble(ObjectNode core, Map<String, ObjectNode> extensions) {
        ObjectNode result = JSON.objectNode();
        schema.coreAttributes().forEach(definition -> {
            if (core.has(definition.getName())) {
                result.set(definition.getName(), core.remove(definition.getName()));
            }
        });
        result.setAll(core);
        extensions.forEach((urn, attributes) -> {
            if (!attributes.isEmpty()) {
                result.set(urn, attributes);
            }
        });
        return result;
    }

    /** A URN that continues a schema this resource knows ({@code <enterprise URN>:userName}): an attribute, not a schema. */
    static boolean nestsInKnownSchema(ResourceSchema schema, String urn) {
        int colon = urn.lastIndexOf(':');
        String prefix = colon < 0 ? urn : urn.substring(0, colon);
        return colon > 0
                && (schema.isCore(prefix)
                        || schema.knownExtension(prefix).isPresent()
                        || nestsInKnownSchema(schema, prefix));
    }

    /** Under SCIM's core schema namespace ({@code urn:ietf:params:scim:schemas:core:2.0:Group}...), never an extension. */
    static boolean isCoreNamespace(String urn) {
        return urn.regionMatches(true, 0, CORE_SCHEMAS, 0, CORE_SCHEMAS.length());
    }

    /** A schema URN rather than an attribute qualified by one: its last part names a resource type (…:2.0:User). */
    public static boolean isSchemaUrn(String name) {
        String last = name.substring(name.lastIndexOf(':') + 1).toLowerCase(Locale.ROOT);
        return name.regionMatches(true, 0, "urn:", 0, 4) && (last.equals("user") || last.equals("group"));
    }
}
