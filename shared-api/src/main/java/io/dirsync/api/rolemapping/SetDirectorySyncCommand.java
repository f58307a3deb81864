package io.dirsync.api.rolemapping;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Turns directory sync on or off for a connection: off, SCIM calls get 403 and every role is editable. */
public record SetDirectorySyncCommand(
        @TargetAggregateIdentifier String connectionId, boolean enabled) {}
