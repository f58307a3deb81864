package io.dirsync.api.group;

import java.util.List;

/** Answers {@link UserGroups}: the groups of the connection each of these users is a direct member of. */
public record FindUserGroupsQuery(String connectionId, List<String> userIds) {
    public FindUserGroupsQuery {
        userIds = List.copyOf(userIds);
    }
}
