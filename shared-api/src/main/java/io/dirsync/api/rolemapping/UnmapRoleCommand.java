package io.dirsync.api.rolemapping;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Sent by the role resolver when a role is deleted: removes the mappings to it from the connection's list as
 * the connection holds it then, the others staying in their order.
 */
public record UnmapRoleCommand(@TargetAggregateIdentifier String connectionId, String role) {}
