package io.dirsync.api.attributemapping;

import org.axonframework.serialization.Revision;

import java.util.List;

/** The connection's attribute mappings after the change; every user of the connection is re-evaluated. */
@Revision("1")
public record AttributeMappingsReplacedEvent(String connectionId, List<AttributeMapping> mappings) {
    public AttributeMappingsReplacedEvent {
        mappings = List.copyOf(mappings);
    }
}
