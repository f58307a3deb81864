package io.dirsync.api.rolemapping;

import java.util.List;

/** Answers {@link MemberNames}: the userName of each of these directory users that is known. */
public record FindMemberNamesQuery(List<String> userIds) {
    public FindMemberNamesQuery {
        userIds = List.copyOf(userIds);
    }
}
