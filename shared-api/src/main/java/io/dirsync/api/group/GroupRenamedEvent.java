package io.dirsync.api.group;

import org.axonframework.serialization.Revision;

/** The group's displayName changed. */
@Revision("1")
public record GroupRenamedEvent(String groupId, String connectionId, String displayName) {}
