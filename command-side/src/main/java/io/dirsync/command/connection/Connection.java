package io.dirsync.command.connection;

import io.dirsync.api.connection.ConnectionCreatedEvent;
import io.dirsync.api.connection.ConnectionTokenRotatedEvent;
import io.dirsync.api.connection.CreateConnectionCommand;
import io.dirsync.api.connection.RotateConnectionTokenCommand;
import io.dirsync.api.rolemapping.DirectorySyncDisabledEvent;
import io.dirsync.api.rolemapping.DirectorySyncEnabledEvent;
import io.dirsync.api.rolemapping.ReplaceRoleMappingsCommand;
import io.dirsync.api.rolemapping.RoleMapping;
import io.dirsync.api.rolemapping.RoleMappingsReplacedEvent;
import io.dirsync.api.rolemapping.SetDirectorySyncCommand;
import io.dirsync.api.rolemapping.UnmapRoleCommand;
import io.dirsync.api.scim.InvalidAttributeException;
import io.dirsync.command.rolemapping.DirectoryCatalog;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An enterprise connection: one IdP tenant pushing over its own SCIM base URL with its own bearer token,
 * linked to an organization, with the ordered group-to-role mappings that decide its members' roles.
 */
@Aggregate
public class Connection {

    @AggregateIdentifier
    private String connectionId;
    private String organizationId;
    private boolean syncEnabled;
    private List<RoleMapping> mappings = List.of();

    @CommandHandler
    public Connection(CreateConnectionCommand command, DirectoryCatalog catalog) {
        if (command.name() == null || command.name().isBlank()) {
            throw new InvalidAttributeException("name", "A connection needs a name");
        }
        if (command.organizationId() != null && !catalog.organizationExists(command.organizationId())) {
            throw new InvalidAttributeException("organizationId", "No organization " + command.organizationId());
        }
        apply(new ConnectionCreatedEvent(command.connectionId(), command.name().trim(), command.organizationId(), command.token()));
    }

    @CommandHandler
    public void handle(RotateConnectionTokenCommand command) {
        apply(new ConnectionTokenRotatedEvent(connectionId, command.token()));
    }

    /** Only groups this connection pushed and roles of its organization can be mapped, each group once. */
    @CommandHandler
    public void handle(ReplaceRoleMappingsCommand command, DirectoryCatalog catalog) {
        if (organizationId == null) {
            throw new InvalidAttributeException("organizationId", "Link the connection to an organization before mapping roles");
        }
        Set<String> seen = new HashSet<>();
        for (RoleMapping mapping : command.mappings()) {
            if (mapping.groupId() == null || !catalog.liveGroupOf(connectionId, mapping.groupId())) {
                throw new InvalidAttributeException("groupId", "Group " + mapping.groupId() + " was not pushed by this connection");
            }
            if (mapping.role() == null || !catalog.roleExists(organizationId, mapping.role())) {
                throw new InvalidAttributeException("role", "The organization has no role '" + mapping.role() + "'");
            }
            if (!seen.add(mapping.groupId())) {
                throw new InvalidAttributeException("groupId", "Group " + mapping.groupId() + " is mapped twice");
            }
        }
        if (!command.mappings().equals(mappings)) {
            apply(new RoleMappingsReplacedEvent(connectionId, command.mappings()));
        }
    }

    /**
     * Works on the list as it is now, not on the resolver's copy, which follows the events late: an admin's
     * edit made meanwhile stays, and entries whose group or role has gone since are not checked again.
     */
    @CommandHandler
    public void handle(UnmapRoleCommand command) {
        List<RoleMapping> kept = mappings.stream().filter(mapping -> !mapping.role().equals(command.role())).toList();
        if (kept.size() != mappings.size()) {
            apply(new RoleMappingsReplacedEvent(connectionId, kept));
        }
    }

    @CommandHandler
    public void handle(SetDirectorySyncCommand command) {
        if (command.enabled() && !syncEnabled) {
            apply(new DirectorySyncEnabledEvent(connectionId));
        } else if (!command.enabled() && syncEnabled) {
            apply(new DirectorySyncDisabledEvent(connectionId));
        }
    }

    @EventSourcingHandler
    void on(ConnectionCreatedEvent event) {
        this.connectionId = event.connectionId();
        this.organizationId = event.organizationId();
        this.syncEnabled = true;
    }

    @EventSourcingHandler
    void on(RoleMappingsReplacedEvent event) {
        this.mappings = event.mappings();
    }

    @EventSourcingHandler
    void on(DirectorySyncDisabledEvent event) {
        this.syncEnabled = false;
    }

    @EventSourcingHandler
    void on(DirectorySyncEnabledEvent event) {
        this.syncEnabled = true;
    }

    /** Axon rebuilds the aggregate from its events through this constructor. */
    protected Connection() {
    }
}
