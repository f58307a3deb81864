package io.dirsync.api.connection;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * From this event on {@code token} is accepted too, beside the tokens the connection already holds (which
 * {@link ConnectionTokenExpirySetEvent} and {@link ConnectionTokenRevokedEvent} end). Unlike the older
 * {@link ConnectionTokenRotatedEvent}, it ends no other token by itself.
 */
@Revision("1")
public record ConnectionTokenIssuedEvent(String connectionId, TokenDigest token, Instant issuedAt) {}
