package io.dirsync.api.group;

import org.axonframework.serialization.Revision;

/** A group pushed by the identity provider, created without members (members follow as {@link GroupMembersAddedEvent}). */
@Revision("1")
public record GroupCreatedEvent(String groupId, String connectionId, String displayName, String externalId) {}
