package io.dirsync.api.rolemapping;

/** A member's role aggregate id: distinct from the user's own id, since all aggregates share one event table. */
public final class MembershipIds {
    private MembershipIds() {}

    public static String of(String userId) {
        return "membership:" + userId;
    }
}
