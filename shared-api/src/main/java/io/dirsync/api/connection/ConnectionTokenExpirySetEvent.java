package io.dirsync.api.connection;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The token {@code tokenId} is refused from {@code expiresAt} on (a rotation's grace period for the IdP). */
@Revision("1")
public record ConnectionTokenExpirySetEvent(String connectionId, String tokenId, Instant expiresAt) {}
