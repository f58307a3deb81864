package io.dirsync.api.rolemapping;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** The connection's whole ordered mapping list; index 0 has the highest precedence. */
public record ReplaceRoleMappingsCommand(@TargetAggregateIdentifier String connectionId, List<RoleMapping> mappings) {
    public ReplaceRoleMappingsCommand {
        mappings = List.copyOf(mappings);
    }
}
