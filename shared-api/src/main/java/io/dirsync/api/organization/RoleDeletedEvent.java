package io.dirsync.api.organization;

import org.axonframework.serialization.Revision;

/** The role is gone: mappings to it are removed and the members holding it are re-resolved. */
@Revision("1")
public record RoleDeletedEvent(String organizationId, String role) {}
