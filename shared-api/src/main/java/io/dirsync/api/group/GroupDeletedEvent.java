package io.dirsync.api.group;

import org.axonframework.serialization.Revision;

/** The identity provider deleted the group; its memberships end with it. */
@Revision("1")
public record GroupDeletedEvent(String groupId, String connectionId) {}
