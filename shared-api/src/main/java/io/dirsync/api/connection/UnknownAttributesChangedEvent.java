package io.dirsync.api.connection;

import org.axonframework.serialization.Revision;

/**
 * From this event on, SCIM writes on the connection treat attributes the schema does not define as {@code policy}
 * says. A connection without this event rejects them.
 */
@Revision("1")
public record UnknownAttributesChangedEvent(String connectionId, UnknownAttributes policy) {}
