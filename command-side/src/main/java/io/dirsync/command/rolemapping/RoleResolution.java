package io.dirsync.command.rolemapping;

import io.dirsync.api.rolemapping.RoleMapping;
import io.dirsync.api.rolemapping.RoleSource;

import java.util.List;
import java.util.Set;

/**
 * The rule, as a pure function: what role a member should hold given the facts. The resolver applies it
 * to whatever changed; convergence means that, once idle, every member holds exactly this.
 */
public final class RoleResolution {

    /** A member's role and why; role is null when source is NONE. */
    public record Assignment(String role, RoleSource source, String mappedGroupId) {
        static final Assignment NO_ROLE = new Assignment(null, RoleSource.NONE, null);
    }

    private RoleResolution() {}

    /**
     * @param active       false for deactivated or deleted users: they keep the membership, hold no role
     * @param mappings     the connection's mappings, highest precedence first
     * @param userGroups   the groups the user is a direct member of
     * @param current      what the member holds now (null if nothing yet)
     * @param defaultRole  the organization's default role
     * @param roles        the organization's roles; a mapping or manual role outside them does not count
     */
    public static Assignment resolve(
            boolean active,
            List<RoleMapping> mappings,
            Set<String> userGroups,
            Assignment current,
            String defaultRole,
            Set<String> roles) {
        if (!active) {
            return Assignment.NO_ROLE;
        }
        for (RoleMapping mapping : mappings) {
            if (userGroups.contains(mapping.groupId()) && roles.contains(mapping.role())) {
                return new Assignment(mapping.role(), RoleSource.MAPPING, mapping.groupId());
            }
        }
        if (current != null && current.source() == RoleSource.MANUAL && roles.contains(current.role())) {
            return current;
        }
        return new Assignment(defaultRole, RoleSource.DEFAULT, null);
    }
}
