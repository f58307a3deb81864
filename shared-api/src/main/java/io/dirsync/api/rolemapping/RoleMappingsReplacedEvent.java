package io.dirsync.api.rolemapping;

import org.axonframework.serialization.Revision;

import java.util.List;

/** The connection's ordered group-to-role mappings after the change (index 0 first). */
@Revision("1")
public record RoleMappingsReplacedEvent(String connectionId, List<RoleMapping> mappings) {
    public RoleMappingsReplacedEvent {
        mappings = List.copyOf(mappings);
    }
}
