package io.dirsync.command.rolemapping;

import io.dirsync.api.connection.ConnectionCreatedEvent;
import io.dirsync.api.group.GroupCreatedEvent;
import io.dirsync.api.group.GroupDeletedEvent;
import io.dirsync.api.group.GroupMembersAddedEvent;
import io.dirsync.api.group.GroupMembersRemovedEvent;
import io.dirsync.api.organization.OrganizationCreatedEvent;
import io.dirsync.api.organization.RoleAddedEvent;
import io.dirsync.api.organization.RoleDeletedEvent;
import io.dirsync.api.rolemapping.DirectorySyncDisabledEvent;
import io.dirsync.api.rolemapping.DirectorySyncEnabledEvent;
import io.dirsync.api.rolemapping.MemberRoleChangedEvent;
import io.dirsync.api.rolemapping.RoleMappingsReplacedEvent;
import io.dirsync.api.rolemapping.UnmapRoleCommand;
import io.dirsync.api.user.UserDeactivatedEvent;
import io.dirsync.api.user.UserDeletedEvent;
import io.dirsync.api.user.UserProvisionedEvent;
import io.dirsync.api.user.UserReactivatedEvent;
import io.dirsync.api.user.UserReprovisionedEvent;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.stereotype.Component;

/**
 * The role-mapping process manager, first half: follows the events (one segment, in order) into its own
 * tables and marks the members whose role may have changed. {@link RoleResolver} then resolves the marked
 * members in small batches, each member its own command, fifty commands to a transaction.
 *
 * <p>Why not an Axon saga: a mapping change touches every member of a connection. A saga per connection
 * would carry all memberships in its serialised state on every event; a saga per member would load
 * 10,000 sagas in the one transaction of the event that touches them. Marking here is one set-based
 * statement; the resolving is batched, resumable after a restart (the marks are rows), and idempotent.
 */
@Component
@ProcessingGroup(RoleResolutionProcess.PROCESSING_GROUP)
public class RoleResolutionProcess {
    public static final String PROCESSING_GROUP = "role-resolution";
    private final RoleResolutionState state;
    private final CommandGateway commands;

    public RoleResolutionProcess(RoleResolutionState state, CommandGateway commands) {
        this.state = state;
        this.commands = commands;
    }

    @EventHandler
    void on(OrganizationCreatedEvent event) {
        state.organizationCreated(event.organizationId(), event.defaultRole(), event.roles());
    }

    @EventHandler
    void on(RoleAddedEvent event) {
        state.roleAdded(event.organizationId(), event.role());
    }

    /**
     * Holders re-resolve; mappings to the role go (the connections' own command, so GET role-mappings shows it).
     * Holders are marked first, so that a failed command does not cost them their re-resolution. The command
     * names only the role: the list it is removed from is the connection's own, not the copy here, which may
     * not yet show an admin's edit or the removal of another role deleted a moment earlier. Not during a
     * replay: the role may have been added back and mapped again since, and that mapping must stay.
     */
    @EventHandler
    void on(RoleDeletedEvent event, ReplayStatus replayStatus) {
        state.roleDeleted(event.organizationId(), event.role());
        state.markHoldersOf(event.organizationId(), event.role());
        if (!replayStatus.isReplay()) {
            for (String connectionId : state.connectionsMappingRole(event.organizationId(), event.role())) {
                commands.sendAndWait(new UnmapRoleCommand(connectionId, event.role()));
            }
        }
    }

    @EventHandler
    void on(ConnectionCreatedEvent event) {
        state.connectionCreated(event.connectionId(), event.organizationId());
    }

    @EventHandler
    void on(RoleMappingsReplacedEvent event) {
        state.mappingsReplaced(event.connectionId(), event.mappings());
        state.markConnection(event.connectionId());
    }

    @EventHandler
    void on(DirectorySyncDisabledEvent event) {
        state.syncEnabled(event.connectionId(), false);
    }

    @EventHandler
    void on(DirectorySyncEnabledEvent event) {
        state.syncEnabled(event.connectionId(), true);
        state.markConnection(event.connectionId());
    }

    @EventHandler
    void on(UserProvisionedEvent event) {
        state.user(event.userId(), event.connectionId(), event.active());
    }

    @EventHandler
    void on(UserReprovisionedEvent event) {
        state.user(event.userId(), event.connectionId(), event.active());
    }

    @EventHandler
    void on(UserDeactivatedEvent event) {
        state.user(event.userId(), event.connectionId(), false);
    }

    @EventHandler
    void on(UserReactivatedEvent event) {
        state.user(event.userId(), event.connectionId(), true);
    }

    @EventHandler
    void on(UserDeletedEvent event) {
        state.user(event.userId(), event.connectionId(), false);
    }

    @EventHandler
    void on(GroupCreatedEvent event) {
        // nothing to resolve yet: a group matters once it has members
    }

    @EventHandler
    void on(GroupMembersAddedEvent event) {
        state.membersAdded(event.groupId(), event.userIds());
    }

    @EventHandler
    void on(GroupMembersRemovedEvent event) {
        state.membersRemoved(event.groupId(), event.userIds());
    }

    @EventHandler
    void on(GroupDeletedEvent event) {
        state.groupDeleted(event.groupId());
    }

    /** Marks the member only if its facts resolve to another role ({@link RoleResolutionState#assigned}). */
    @EventHandler
    void on(MemberRoleChangedEvent event) {
        state.assigned(event.userId(), event.role(), event.source(), event.mappedGroupId());
    }

    @ResetHandler
    void reset() {
        state.clear();
    }
}
