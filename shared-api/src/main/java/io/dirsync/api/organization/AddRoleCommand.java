package io.dirsync.api.organization;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record AddRoleCommand(@TargetAggregateIdentifier String organizationId, String role) {}
