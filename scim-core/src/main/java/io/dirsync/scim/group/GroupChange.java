package io.dirsync.scim.group;

import java.util.List;

/** What a group PATCH or PUT amounts to. Member lists hold only the users whose membership changes. */
public record GroupChange(
        String displayName, String externalId, List<String> addedMembers, List<String> removedMembers) {}
