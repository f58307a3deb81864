package io.dirsync.scim.schema;

import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.types.SchemaResource;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One resource type's schemas: its core schema, the extensions whose attributes are defined (closed) and those that
 * take any attribute (open). Names and URNs are matched ignoring case (RFC 7643 section 2.1, RFC 7644 section 3.10).
 */
public final class ResourceSchema {
    private final SchemaResource core;
    private final Map<String, SchemaResource> closedExtensions;
    private final Set<String> openExtensions;
    private final boolean otherExtensions;

    /** @param otherExtensions whether extensions the schema does not name are kept as sent (users) or refused (groups) */
    ResourceSchema(
            SchemaResource core,
            Map<String, SchemaResource> closedExtensions,
            Set<String> openExtensions,
            boolean otherExtensions) {
        this.core = core;
        this.closedExtensions = Map.copyOf(closedExtensions);
        this.openExtensions = Set.copyOf(openExtensions);
        this.otherExtensions = otherExtensions;
    }

    /** Whether attributes under an extension URN the schema does not name are kept as sent. */
    public boolean keepsOtherExtensions() {
        return otherExtensions;
    }

    public String coreUrn() {
        return core.getId();
    }

    /** The core schema's attributes, in schema order. */
    public Collection<AttributeDefinition> coreAttributes() {
        return core.getAttributes();
    }

    public Optional<AttributeDefinition> coreAttribute(String name) {
        return find(core.getAttributes(), name);
    }

    /** A defined extension, in its canonical spelling. */
    public Optional<String> knownExtension(String urn) {
        return closedExtensions.keySet().stream()
                .filter(known -> known.equalsIgnoreCase(urn))
                .findFirst()
                .or(() -> openExtensions.stream()
                        .filter(known -> known.equalsIgnoreCase(urn))
                        .findFirst());
    }

    /** The attributes of a closed extension; empty for an open or unknown one. */
    public Optional<SchemaResource> closedExtension(String urn) {
        return knownExtension(urn).map(closedExtensions::get);
    }

    public boolean isCore(String urn) {
        return core.getId().equalsIgnoreCase(urn);
    }

    public static Optional<AttributeDefinition> find(Collection<AttributeDefinition> attributes, String name) {
        if (attributes == null || name == null) {
            return Optional.empty();
        }
        return attributes.stream()
                .filter(attribute -> attribute.getName().equalsIgnoreCase(name))
                .findFirst();
    }
}
