package io.dirsync.api.connection;

import org.axonframework.serialization.Revision;

@Revision("1")
public record ConnectionCreatedEvent(String connectionId, String name, String organizationId, TokenDigest token) {}
