package io.dirsync.api.group;

import java.time.Instant;
import java.util.List;

/**
 * A group as of one version.
 *
 * @param memberIds the direct members' user ids, in the order they joined
 */
public record GroupState(
        String groupId,
        String connectionId,
        String displayName,
        String externalId,
        List<String> memberIds,
        long version,
        Instant created,
        Instant lastModified) {
}
