package io.dirsync.api.rolemapping;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The connection's whole ordered mapping list; index 0 has the highest precedence. */
public record ReplaceRoleMappingsCommand(
        @TargetAggregateIdentifier String connectionId, List<RoleMapping> mappings) {
    public ReplaceRoleMappingsCommand {
        // not List.copyOf: a null entry must reach the aggregate's checks and become a 400, not an NPE here
        mappings = Collections.unmodifiableList(new ArrayList<>(mappings));
    }
}
