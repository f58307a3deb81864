package io.dirsync.command.rolemapping;

import io.dirsync.api.rolemapping.RoleMapping;
import io.dirsync.api.scim.InvalidAttributeException;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a role mapping list must satisfy: checked by the Connection aggregate before it stores a list and by the
 * preview before it predicts one, so a proposal the preview accepts is one the PUT accepts.
 */
public final class RoleMappingRules {
    private RoleMappingRules() {}

    /** Only groups this connection pushed and roles of its organization can be mapped, each group once. */
    public static void check(
            String connectionId, String organizationId, List<RoleMapping> mappings, DirectoryCatalog catalog) {
        if (organizationId == null) {
            throw new InvalidAttributeException(
                    "organizationId", "Link the connection to an organization before mapping roles");
        }
        Set<String> seen = new HashSet<>();
        for (RoleMapping mapping : mappings) {
            if (mapping == null) {
                throw new InvalidAttributeException(
                        "roleMappings", "Each role mapping must be an object with groupId and role");
            }
            if (mapping.groupId() == null || !catalog.liveGroupOf(connectionId, mapping.groupId())) {
                throw new InvalidAttributeException(
                        "groupId", "Group " + mapping.groupId() + " was not pushed by this connection");
            }
            if (mapping.role() == null || !catalog.roleExists(organizationId, mapping.role())) {
                throw new InvalidAttributeException("role", "The organization has no role '" + mapping.role() + "'");
            }
            if (!seen.add(mapping.groupId())) {
                throw new InvalidAttributeException("groupId", "Group " + mapping.groupId() + " is mapped twice");
            }
        }
    }
}
