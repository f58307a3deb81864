package io.dirsync.api.rolemapping;

import org.axonframework.serialization.Revision;

/** Sync is back on: mapped roles are re-resolved, overriding what was edited by hand meanwhile. */
@Revision("1")
public record DirectorySyncEnabledEvent(String connectionId) {}
