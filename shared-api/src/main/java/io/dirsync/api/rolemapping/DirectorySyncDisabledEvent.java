package io.dirsync.api.rolemapping;

import org.axonframework.serialization.Revision;

@Revision("1")
public record DirectorySyncDisabledEvent(String connectionId) {}
