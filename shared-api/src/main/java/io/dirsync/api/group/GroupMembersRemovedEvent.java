package io.dirsync.api.group;

import org.axonframework.serialization.Revision;

import java.util.List;

/** Users stopped being direct members; only those removed are listed. */
@Revision("1")
public record GroupMembersRemovedEvent(String groupId, String connectionId, List<String> userIds) {

    public GroupMembersRemovedEvent {
        userIds = List.copyOf(userIds);
    }
}
