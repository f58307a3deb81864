package io.dirsync.api.rolemapping;

/** The member's role comes from a group mapping and directory sync is on: the IdP decides it, not an admin. */
public class MappedRoleLockedException extends RuntimeException {
    public MappedRoleLockedException(String userId, String groupId) {
        super("The role of user " + userId + " comes from the mapping of group " + groupId
                + " while directory sync is enabled; change the mapping or disable sync");
    }
}
