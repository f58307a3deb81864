package io.dirsync.scim.schema;

import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.types.SchemaResource;
import io.dirsync.api.connection.UnknownAttributes;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimType;

import java.util.Collection;
import java.util.Optional;

/**
 * An attribute path (RFC 7644 section 3.10) checked against a {@link ResourceSchema} and rewritten with the schema's
 * spelling: a PATCH target or an attribute mapping. Undefined attributes, sub-attributes of simple attributes, value
 * filters on single-valued attributes and paths deeper than attribute.sub-attribute are invalidPath. A path that is
 * a whole extension ({@code urn:...:enterprise:2.0:User}) is {@link #wholeExtension()}.
 *
 * @param path           the canonical path; for a whole extension, the root of that extension's URN
 * @param extensionUrn   the extension the path is in, null for the core schema
 * @param wholeExtension the path names the extension object itself
 * @param definition     the attribute the path ends at, null where the schema does not define it (open or unknown
 *                       extensions, attributes a connection keeps) or for a whole extension
 */
public record SchemaPath(Path path, String extensionUrn, boolean wholeExtension, AttributeDefinition definition) {

    public static SchemaPath resolve(ResourceSchema schema, String text, UnknownAttributes unknown) {
        if (text == null || text.isBlank()) {
            throw invalid(text, "names no attribute");
        }
        String trimmed = text.trim();
        if (schema.isCore(trimmed)) {
            // Path would read it as attribute "User" of a schema "urn:...:core:2.0"
            throw invalid(text, "names the core schema, not an attribute");
        }
        Optional<String> known = schema.knownExtension(trimmed);
        if (known.isPresent()
                || schema.keepsOtherExtensions()
                        && ResourceReader.isSchemaUrn(trimmed)
                        && !ResourceReader.isCoreNamespace(trimmed)) {
            String urn = known.orElse(trimmed);
            return new SchemaPath(Path.root(urn), urn, true, null);
        }
        Path parsed;
        try {
            parsed = Path.fromString(trimmed);
        } catch (BadRequestException | RuntimeException e) {
            throw invalid(text, "does not parse: " + e.getMessage());
        }
        if (parsed.size() == 0) {
            throw invalid(text, "names no attribute");
        }
        if (parsed.size() > 2) {
            throw invalid(text, "is nested deeper than attribute.subAttribute");
        }
        String urn = parsed.getSchemaUrn();
        if (urn == null || schema.isCore(urn)) {
            return resolveIn(schema.coreAttributes(), Path.root(), null, parsed, text, unknown);
        }
        if (ResourceReader.isCoreNamespace(urn) || ResourceReader.isCoreNamespace(trimmed)) {
            throw invalid(text, "is in another resource type's core schema");
        }
        if (ResourceReader.nestsInKnownSchema(schema, urn)) {
            throw invalid(
                    text, "names '" + urn.substring(urn.lastIndexOf(':') + 1) + "', which its schema does not define");
        }
        Optional<String> extension = schema.knownExtension(urn);
        Optional<SchemaResource> closed = schema.closedExtension(urn);
        if (closed.isPresent()) {
            return resolveIn(
                    closed.get().getAttributes(), Path.root(extension.get()), extension.get(), parsed, text, unknown);
        }
        if (extension.isEmpty() && !schema.keepsOtherExtensions()) {
            throw invalid(text, "is in schema " + urn + ", which this resource type does not have");
        }
        // an open extension, or one the schema does not know: any attribute, kept as named
        String canonicalUrn = extension.orElse(urn);
        Path result = Path.root(canonicalUrn);
        for (Path.Element element : parsed) {
            result = result.attribute(element.getAttribute(), element.getValueFilter());
        }
        return new SchemaPath(result, canonicalUrn, false, null);
    }

    private static SchemaPath resolveIn(
            Collection<AttributeDefinition> attributes,
            Path root,
            String urn,
            Path parsed,
            String text,
            UnknownAttributes unknown) {
        Path.Element first = parsed.getElement(0);
        Optional<AttributeDefinition> attribute = ResourceSchema.find(attributes, first.getAttribute());
        if (attribute.isEmpty()) {
            return undefined(root, urn, parsed, text, unknown, first.getAttribute());
        }
        AttributeDefinition definition = attribute.get();
        if (first.getValueFilter() != null && !definition.isMultiValued()) {
            throw invalid(text, "filters '" + definition.getName() + "', which is not multi-valued");
        }
        Path result = root.attribute(definition.getName(), first.getValueFilter());
        if (parsed.size() == 1) {
            return new SchemaPath(result, urn, false, definition);
        }
        Path.Element second = parsed.getElement(1);
        if (definition.getType() != AttributeDefinition.Type.COMPLEX) {
            throw invalid(text, "names a sub-attribute of '" + definition.getName() + "', which has none");
        }
        Optional<AttributeDefinition> sub = ResourceSchema.find(definition.getSubAttributes(), second.getAttribute());
        if (sub.isEmpty()) {
            if (unknown == UnknownAttributes.KEEP) {
                return new SchemaPath(
                        result.attribute(second.getAttribute(), second.getValueFilter()), urn, false, null);
            }
            throw invalid(
                    text,
                    "names '" + second.getAttribute() + "', which is no sub-attribute of '" + definition.getName()
                            + "'");
        }
        if (second.getValueFilter() != null && !sub.get().isMultiValued()) {
            throw invalid(text, "filters '" + sub.get().getName() + "', which is not multi-valued");
        }
        return new SchemaPath(result.attribute(sub.get().getName(), second.getValueFilter()), urn, false, sub.get());
    }

    private static SchemaPath undefined(
            Path root, String urn, Path parsed, String text, UnknownAttributes unknown, String name) {
        if (unknown != UnknownAttributes.KEEP) {
            throw invalid(
                    text,
                    "names '" + name + "', which the schema " + (urn == null ? "" : urn + " ") + "does not define");
        }
        Path result = root;
        for (Path.Element element : parsed) {
            result = result.attribute(element.getAttribute(), element.getValueFilter());
        }
        return new SchemaPath(result, urn, false, null);
    }

    private static ScimException invalid(String text, String problem) {
        return ScimException.badRequest(ScimType.invalidPath, "Path '" + text + "' " + problem);
    }
}
