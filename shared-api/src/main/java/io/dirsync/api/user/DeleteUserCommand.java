package io.dirsync.api.user;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A SCIM DELETE: deactivates the directory user and withdraws its SCIM resource; history is kept. */
public record DeleteUserCommand(@TargetAggregateIdentifier String userId, String connectionId, Long expectedVersion) {}
