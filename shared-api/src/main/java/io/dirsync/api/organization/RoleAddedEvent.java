package io.dirsync.api.organization;

import org.axonframework.serialization.Revision;

@Revision("1")
public record RoleAddedEvent(String organizationId, String role) {}
