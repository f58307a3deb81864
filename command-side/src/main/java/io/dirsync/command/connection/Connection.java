package io.dirsync.command.connection;

import io.dirsync.api.attributemapping.AttributeMapping;
import io.dirsync.api.attributemapping.AttributeMappingsReplacedEvent;
import io.dirsync.api.attributemapping.ReplaceAttributeMappingsCommand;
import io.dirsync.api.connection.ChangeDeletionPolicyCommand;
import io.dirsync.api.connection.ChangeUnknownAttributesCommand;
import io.dirsync.api.connection.ConnectionCreatedEvent;
import io.dirsync.api.connection.CreateConnectionCommand;
import io.dirsync.api.connection.DeletionPolicy;
import io.dirsync.api.connection.DeletionPolicyChangedEvent;
import io.dirsync.api.connection.UnknownAttributes;
import io.dirsync.api.connection.UnknownAttributesChangedEvent;
import io.dirsync.api.rolemapping.DirectorySyncDisabledEvent;
import io.dirsync.api.rolemapping.DirectorySyncEnabledEvent;
import io.dirsync.api.rolemapping.ReplaceRoleMappingsCommand;
import io.dirsync.api.rolemapping.RoleMapping;
import io.dirsync.api.rolemapping.RoleMappingsReplacedEvent;
import io.dirsync.api.rolemapping.SetDirectorySyncCommand;
import io.dirsync.api.rolemapping.UnmapRoleCommand;
import io.dirsync.api.scim.InvalidAttributeException;
import io.dirsync.command.rolemapping.DirectoryCatalog;
import io.dirsync.command.rolemapping.RoleMappingRules;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateMember;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An enterprise connection: one IdP tenant pushing over its own SCIM base URL with its own bearer token,
 * linked to an organization, with the ordered group-to-role mappings that decide its members' roles and the
 * attribute mappings that copy SCIM values into its users' publicMetadata, and what a SCIM DELETE does to a user.
 * Its bearer tokens are kept by {@link ConnectionTokens}.
 */
@Aggregate
public class Connection {

    @AggregateIdentifier
    private String connectionId;

    private String organizationId;
    private boolean syncEnabled;
    private List<RoleMapping> mappings = List.of();
    private List<AttributeMapping> attributeMappings = List.of();
    private DeletionPolicy deletionPolicy = DeletionPolicy.DEACTIVATE;
    private UnknownAttributes unknownAttributes = UnknownAttributes.REJECT;

    @AggregateMember
    private final ConnectionTokens tokens = new ConnectionTokens();

    @CommandHandler
    public Connection(CreateConnectionCommand command, DirectoryCatalog catalog) {
        if (command.name() == null || command.name().isBlank()) {
            throw new InvalidAttributeException("name", "A connection needs a name");
        }
        if (command.organizationId() != null && !catalog.organizationExists(command.organizationId())) {
            throw new InvalidAttributeException("organizationId", "No organization " + command.organizationId());
        }
        apply(new ConnectionCreatedEvent(
                command.connectionId(), command.name().trim(), command.organizationId(), command.token()));
        // a separate event rather than a new field of ConnectionCreatedEvent: the stored creations keep their meaning
        if (command.deletionPolicy() != null && command.deletionPolicy() != DeletionPolicy.DEACTIVATE) {
            apply(new DeletionPolicyChangedEvent(command.connectionId(), command.deletionPolicy()));
        }
    }

    /** Setting the policy it already has is no change, and no event. Applies to DELETEs from now on, never retroactively. */
    @CommandHandler
    public DeletionPolicy handle(ChangeDeletionPolicyCommand command) {
        if (command.policy() == null) {
            throw new InvalidAttributeException("policy", "A deletion policy is 'deactivate' or 'erase'");
        }
        if (command.policy() != deletionPolicy) {
            apply(new DeletionPolicyChangedEvent(connectionId, command.policy()));
        }
        return command.policy();
    }

    /** Setting what it already is is no change, and no event. Applies to SCIM writes from now on. */
    @CommandHandler
    public UnknownAttributes handle(ChangeUnknownAttributesCommand command) {
        if (command.policy() == null) {
            throw new InvalidAttributeException("unknownAttributes", "unknownAttributes is 'reject' or 'keep'");
        }
        if (command.policy() != unknownAttributes) {
            apply(new UnknownAttributesChangedEvent(connectionId, command.policy()));
        }
        return command.policy();
    }

    @CommandHandler
    public void handle(ReplaceRoleMappingsCommand command, DirectoryCatalog catalog) {
        RoleMappingRules.check(connectionId, organizationId, command.mappings(), catalog);
        if (!command.mappings().equals(mappings)) {
            apply(new RoleMappingsReplacedEvent(connectionId, command.mappings()));
        }
    }

    /**
     * Answers the list as stored (trimmed). Saving the same list again is no change: no event, so no
     * re-evaluation of every user of the connection.
     */
    @CommandHandler
    public List<AttributeMapping> handle(ReplaceAttributeMappingsCommand command) {
        List<AttributeMapping> checked = AttributeMappingRules.checked(command.mappings());
        if (!checked.equals(attributeMappings)) {
            apply(new AttributeMappingsReplacedEvent(connectionId, checked));
        }
        return checked;
    }

    /**
     * Works on the list as it is now, not on the resolver's copy, which follows the events late: an admin's
     * edit made meanwhile stays, and entries whose group or role has gone since are not checked again.
     */
    @CommandHandler
    public void handle(UnmapRoleCommand command) {
        List<RoleMapping> kept = mappings.stream()
                .filter(mapping -> !mapping.role().equals(command.role()))
                .toList();
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
    void on(DeletionPolicyChangedEvent event) {
        this.deletionPolicy = event.policy();
    }

    @EventSourcingHandler
    void on(UnknownAttributesChangedEvent event) {
        this.unknownAttributes = event.policy();
    }

    @EventSourcingHandler
    void on(RoleMappingsReplacedEvent event) {
        this.mappings = event.mappings();
    }

    @EventSourcingHandler
    void on(AttributeMappingsReplacedEvent event) {
        this.attributeMappings = event.mappings();
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
    protected Connection() {}
}
