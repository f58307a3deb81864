package io.dirsync.api.connection;

import org.axonframework.serialization.Revision;

/** The token {@code tokenId} is refused from this event on. */
@Revision("1")
public record ConnectionTokenRevokedEvent(String connectionId, String tokenId) {}
