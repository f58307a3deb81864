package io.dirsync.api.organization;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DeleteRoleCommand(@TargetAggregateIdentifier String organizationId, String role) {}
