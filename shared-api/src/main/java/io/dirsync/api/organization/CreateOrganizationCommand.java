package io.dirsync.api.organization;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

public record CreateOrganizationCommand(
        @TargetAggregateIdentifier String organizationId, String name, List<String> roles, String defaultRole) {
    public CreateOrganizationCommand {
        // not List.copyOf: it throws on a null key before the aggregate can reject it as a bad request
        roles = roles == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(roles));
    }
}
