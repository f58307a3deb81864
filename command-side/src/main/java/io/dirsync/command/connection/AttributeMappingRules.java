package io.dirsync.command.connection;

import io.dirsync.api.attributemapping.AttributeMapping;
import io.dirsync.api.scim.InvalidAttributeException;
import io.dirsync.scim.user.UserAttributePath;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What an attribute mapping list must satisfy before it is stored; pure, so the aggregate decides alone. */
final class AttributeMappingRules {
    private AttributeMappingRules() {}

    /**
     * The mappings, trimmed, once each path names an attribute dirsync syncs and each publicMetadata key is
     * written by one mapping only (two mappings writing one key would make its value depend on their order).
     */
    static List<AttributeMapping> checked(List<AttributeMapping> mappings) {
        Set<String> attributes = new HashSet<>();
        List<AttributeMapping> result = new ArrayList<>();
        for (AttributeMapping mapping : mappings) {
            if (mapping == null) {
                throw new InvalidAttributeException(
                        "attributeMappings", "Each attribute mapping must be an object with scimPath and attribute");
            }
            UserAttributePath.parse(mapping.scimPath());
            if (mapping.attribute() == null || mapping.attribute().isBlank()) {
                throw new InvalidAttributeException(
                        "attribute", "The mapping of '" + mapping.scimPath() + "' needs an attribute name");
            }
            String attribute = mapping.attribute().trim();
            if (!attributes.add(attribute)) {
                throw new InvalidAttributeException(
                        "attribute", "publicMetadata attribute '" + attribute + "' is mapped twice");
            }
            result.add(new AttributeMapping(mapping.scimPath().trim(), attribute));
        }
        return result;
    }
}
