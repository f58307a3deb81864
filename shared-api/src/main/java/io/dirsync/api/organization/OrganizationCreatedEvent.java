package io.dirsync.api.organization;

import org.axonframework.serialization.Revision;

import java.util.List;

/** An organization with its role keys; members without a mapped role get {@code defaultRole}. */
@Revision("1")
public record OrganizationCreatedEvent(String organizationId, String name, List<String> roles, String defaultRole) {
    public OrganizationCreatedEvent {
        roles = List.copyOf(roles);
    }
}
