package io.dirsync.api.group;

import org.axonframework.serialization.Revision;

/** The identity provider's own id for the group changed (null when removed). */
@Revision("1")
public record GroupExternalIdChangedEvent(String groupId, String connectionId, String externalId) {}
