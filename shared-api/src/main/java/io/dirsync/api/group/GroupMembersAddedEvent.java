package io.dirsync.api.group;

import org.axonframework.serialization.Revision;

import java.util.List;

/** Users became direct members. Only the users added, never the whole list: a 50,000-member group grows by deltas. */
@Revision("1")
public record GroupMembersAddedEvent(String groupId, String connectionId, List<String> userIds) {

    public GroupMembersAddedEvent {
        userIds = List.copyOf(userIds);
    }
}
