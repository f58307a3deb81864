package io.dirsync.api.session;

import org.axonframework.serialization.Revision;

@Revision("1")
public record SessionStartedEvent(String userId, String connectionId, String sessionId) {}
