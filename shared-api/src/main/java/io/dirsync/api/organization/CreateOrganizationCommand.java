package io.dirsync.api.organization;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

public record CreateOrganizationCommand(@TargetAggregateIdentifier String organizationId, String name, List<String> roles,
                                        String defaultRole) {
    public CreateOrganizationCommand {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }
}
