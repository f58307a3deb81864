package io.dirsync.api.connection;

import org.axonframework.serialization.Revision;

/**
 * From this event on, a SCIM DELETE on the connection does what {@code policy} says. A connection without this
 * event deactivates (the behaviour before policies existed), so no stored event needed rewriting.
 */
@Revision("1")
public record DeletionPolicyChangedEvent(String connectionId, DeletionPolicy policy) {}
