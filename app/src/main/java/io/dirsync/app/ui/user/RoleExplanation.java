package io.dirsync.app.ui.user;

import io.dirsync.query.audit.UserSnapshot;

/**
 * A user's role as the page explains it: the role, where it comes from in words, and whether an admin may set
 * it by hand now (not while directory sync is on and a group mapping decides it: the command would refuse).
 */
public record RoleExplanation(String role, String source, String groupName, boolean editable, String lockReason) {

    static RoleExplanation of(UserSnapshot user, boolean syncEnabled) {
        String source = user.roleSource();
        String groupName = null;
        if ("mapping".equals(source)) {
            groupName = user.groups().stream()
                    .filter(g -> g.get("id").equals(user.mappedFromGroupId()))
                    .map(g -> g.get("displayName"))
                    .findFirst()
                    .orElse(user.mappedFromGroupId());
        }
        boolean locked = syncEnabled && "mapping".equals(source);
        boolean active = "Active".equals(user.status());
        return new RoleExplanation(
                user.role(),
                source,
                groupName,
                active && !locked,
                locked
                        ? "Directory sync is on and a group mapping decides this role; disable sync on the connection to edit it by hand."
                        : active ? null : "A deactivated user holds no role.");
    }
}
