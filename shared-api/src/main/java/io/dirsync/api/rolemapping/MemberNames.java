package io.dirsync.api.rolemapping;

import java.util.Map;

/** userName by user id; users not known (yet) are absent. */
public record MemberNames(Map<String, String> byUserId) {
    public MemberNames {
        byUserId = Map.copyOf(byUserId);
    }
}
