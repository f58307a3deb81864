package io.dirsync.api.group;

import java.util.List;

public record GroupPage(long totalResults, List<GroupState> groups) {

    public GroupPage {
        groups = List.copyOf(groups);
    }
}
