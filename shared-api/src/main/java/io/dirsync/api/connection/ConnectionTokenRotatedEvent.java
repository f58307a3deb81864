package io.dirsync.api.connection;

import org.axonframework.serialization.Revision;

/** From this event on only {@code token} is accepted; the previous token stops working at once. */
@Revision("1")
public record ConnectionTokenRotatedEvent(String connectionId, TokenDigest token) {}
