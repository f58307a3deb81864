package io.dirsync.command.organization;

import io.dirsync.api.organization.AddRoleCommand;
import io.dirsync.api.organization.CreateOrganizationCommand;
import io.dirsync.api.organization.DeleteRoleCommand;
import io.dirsync.api.organization.OrganizationCreatedEvent;
import io.dirsync.api.organization.RoleAddedEvent;
import io.dirsync.api.organization.RoleDeletedEvent;
import io.dirsync.api.organization.UnknownRoleException;
import io.dirsync.api.scim.InvalidAttributeException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** An organization: the roles its members can hold and the role they get when no mapping gives one. */
@Aggregate
public class Organization {

    @AggregateIdentifier
    private String organizationId;

    private final Set<String> roles = new LinkedHashSet<>();
    private String defaultRole;

    @CommandHandler
    public Organization(CreateOrganizationCommand command) {
        if (command.name() == null || command.name().isBlank()) {
            throw new InvalidAttributeException("name", "An organization needs a name");
        }
        if (command.roles().isEmpty() || command.roles().stream().anyMatch(r -> r == null || r.isBlank())) {
            throw new InvalidAttributeException("roles", "An organization needs at least one role, none blank");
        }
        if (new HashSet<>(command.roles()).size() != command.roles().size()) {
            throw new InvalidAttributeException("roles", "Role keys must be distinct");
        }
        // List.contains(null) throws on an immutable list: a missing default is a bad request, not a crash
        if (command.defaultRole() == null || !command.roles().contains(command.defaultRole())) {
            throw new InvalidAttributeException("defaultRole", "The default role must be one of the roles");
        }
        apply(new OrganizationCreatedEvent(
                command.organizationId(), command.name().trim(), command.roles(), command.defaultRole()));
    }

    /** Adding a role that exists changes nothing: admins and scripts may retry. */
    @CommandHandler
    public void handle(AddRoleCommand command) {
        if (command.role() == null || command.role().isBlank()) {
            throw new InvalidAttributeException("key", "A role needs a key");
        }
        if (!roles.contains(command.role())) {
            apply(new RoleAddedEvent(organizationId, command.role()));
        }
    }

    @CommandHandler
    public void handle(DeleteRoleCommand command) {
        if (!roles.contains(command.role())) {
            throw new UnknownRoleException(organizationId, command.role());
        }
        if (command.role().equals(defaultRole)) {
            throw new InvalidAttributeException("key", "The default role cannot be deleted");
        }
        apply(new RoleDeletedEvent(organizationId, command.role()));
    }

    @EventSourcingHandler
    void on(OrganizationCreatedEvent event) {
        this.organizationId = event.organizationId();
        this.roles.addAll(event.roles());
        this.defaultRole = event.defaultRole();
    }

    @EventSourcingHandler
    void on(RoleAddedEvent event) {
        roles.add(event.role());
    }

    @EventSourcingHandler
    void on(RoleDeletedEvent event) {
        roles.remove(event.role());
    }

    /** Axon rebuilds the aggregate from its events through this constructor. */
    protected Organization() {}
}
