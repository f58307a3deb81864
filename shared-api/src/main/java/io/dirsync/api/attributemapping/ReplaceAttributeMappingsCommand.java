package io.dirsync.api.attributemapping;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The connection's whole list of attribute mappings; an empty list removes them all. */
public record ReplaceAttributeMappingsCommand(
        @TargetAggregateIdentifier String connectionId, List<AttributeMapping> mappings) {
    public ReplaceAttributeMappingsCommand {
        // not List.copyOf: a null entry must reach the aggregate's validation and become a 400, not an NPE here
        mappings = mappings == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(mappings));
    }
}
