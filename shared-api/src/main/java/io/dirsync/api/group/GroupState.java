package io.dirsync.api.group;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A group as of one version.
 *
 * @param memberIds    the direct members' user ids, in the order they joined
 * @param memberNames  each member's current displayName, else userName, where the reader knows it (SCIM reads do;
 *                     a write's answer, built from the aggregate, does not)
 */
public record GroupState(
        String groupId,
        String connectionId,
        String displayName,
        String externalId,
        List<String> memberIds,
        Map<String, String> memberNames,
        long version,
        Instant created,
        Instant lastModified) {

    public GroupState {
        memberNames = memberNames == null ? Map.of() : Map.copyOf(memberNames);
    }

    /** A group whose members' names are not known to the reader. */
    public GroupState(
            String groupId,
            String connectionId,
            String displayName,
            String externalId,
            List<String> memberIds,
            long version,
            Instant created,
            Instant lastModified) {
        this(groupId, connectionId, displayName, externalId, memberIds, Map.of(), version, created, lastModified);
    }
}
