package io.dirsync.api.group;

import java.util.List;
import java.util.Map;

/** The groups of each user, ordered by name; a user in no group is absent. */
public record UserGroups(Map<String, List<Group>> byUserId) {
    public UserGroups {
        byUserId = Map.copyOf(byUserId);
    }

    public record Group(String groupId, String displayName) {}

    public List<Group> of(String userId) {
        return byUserId.getOrDefault(userId, List.of());
    }
}
