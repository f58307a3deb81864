package io.dirsync.query.filter;

import com.unboundid.scim2.common.types.AttributeDefinition;
import io.dirsync.query.filter.StoredAttribute.Kind;
import io.dirsync.scim.schema.ResourceSchema;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Which attribute names a resource's {@link AttributeValueTable} can answer for, read from its {@link ResourceSchema}:
 * every attribute and sub-attribute the core schema or a closed extension defines (read-only and write-only ones
 * excepted: the stored resource never holds them), and any attribute of an open extension or of an extension the
 * schema does not know, whose names are the IdP's own. Anything else is undefined, so a filter on it is refused
 * rather than silently matching nothing.
 */
public final class StoredAttributes {
    private final ResourceSchema schema;
    /** ":user": an extension of this resource type ends its URN with the core schema's name. */
    private final String extensionSuffix;

    public StoredAttributes(ResourceSchema schema) {
        this.schema = schema;
        String core = schema.coreUrn();
        this.extensionSuffix = core.substring(core.lastIndexOf(':')).toLowerCase(Locale.ROOT);
    }

    /** @param name a lower-cased attribute path: {@code title}, {@code addresses.locality}, {@code urn:...:user:costcode} */
    public Optional<StoredAttribute> resolve(String name) {
        int colon = name.lastIndexOf(':');
        String urn = colon < 0 || schema.isCore(name.substring(0, colon)) ? null : name.substring(0, colon);
        String path = name.substring(colon + 1);
        int dot = path.indexOf('.');
        String attribute = dot < 0 ? path : path.substring(0, dot);
        String sub = dot < 0 ? null : path.substring(dot + 1);
        if (attribute.isEmpty() || "".equals(sub)) {
            return Optional.empty();
        }
        Collection<AttributeDefinition> attributes;
        if (urn == null) {
            attributes = schema.coreAttributes();
        } else if (schema.closedExtension(urn).isPresent()) {
            attributes = schema.closedExtension(urn).get().getAttributes();
        } else if (urn.startsWith("urn:") && urn.endsWith(extensionSuffix)) {
            return Optional.of(new StoredAttribute(urn + ":" + attribute, sub == null ? "" : sub, Kind.ANY, false));
        } else {
            return Optional.empty();
        }
        String key = urn == null ? attribute : urn + ":" + attribute;
        Optional<AttributeDefinition> definition =
                ResourceSchema.find(attributes, attribute).filter(StoredAttributes::isStored);
        if (definition.isEmpty()) {
            return Optional.empty();
        }
        AttributeDefinition found = definition.get();
        boolean complex = found.getType() == AttributeDefinition.Type.COMPLEX;
        boolean multiValued = complex && found.isMultiValued();
        if (sub == null) {
            return Optional.of(new StoredAttribute(key, complex ? null : "", kind(found), multiValued));
        }
        return complex
                ? ResourceSchema.find(found.getSubAttributes(), sub)
                        .filter(StoredAttributes::isStored)
                        .map(subAttribute -> new StoredAttribute(key, sub, kind(subAttribute), multiValued))
                : Optional.empty();
    }

    private static boolean isStored(AttributeDefinition definition) {
        return definition.getMutability() != AttributeDefinition.Mutability.READ_ONLY
                && definition.getMutability() != AttributeDefinition.Mutability.WRITE_ONLY;
    }

    private static Kind kind(AttributeDefinition definition) {
        return switch (definition.getType()) {
            case COMPLEX -> Kind.COMPLEX;
            case BOOLEAN -> Kind.BOOLEAN;
            case INTEGER, DECIMAL -> Kind.NUMBER;
            case DATETIME -> Kind.DATETIME;
            case STRING, REFERENCE, BINARY -> definition.isCaseExact() ? Kind.EXACT : Kind.TEXT;
        };
    }
}
