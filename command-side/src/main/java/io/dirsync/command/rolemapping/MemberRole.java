package io.dirsync.command.rolemapping;

import io.dirsync.api.rolemapping.AssignMemberRoleCommand;
import io.dirsync.api.rolemapping.MappedRoleLockedException;
import io.dirsync.api.rolemapping.MemberRoleChangedEvent;
import io.dirsync.api.rolemapping.ResolveMemberRoleCommand;
import io.dirsync.api.rolemapping.RoleSource;
import io.dirsync.api.scim.InvalidAttributeException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One directory user's membership in its connection's organization: the role it holds and why. One small
 * aggregate per member, so re-resolving 10,000 members is 10,000 independent, idempotent commands rather
 * than one aggregate that every change must load.
 */
@Aggregate
public class MemberRole {

    @AggregateIdentifier
    private String membershipId;

    private String userId;
    private String connectionId;
    private String organizationId;
    private String role;
    private RoleSource source = RoleSource.NONE;
    private String mappedGroupId;

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ResolveMemberRoleCommand command) {
        boolean unchanged = Objects.equals(command.role(), role)
                && command.source() == source
                && Objects.equals(command.mappedGroupId(), mappedGroupId)
                && membershipId != null;
        if (!unchanged) {
            apply(new MemberRoleChangedEvent(
                    command.membershipId(),
                    command.userId(),
                    command.connectionId(),
                    command.organizationId(),
                    command.role(),
                    command.source(),
                    command.mappedGroupId()));
        }
    }

    @CommandHandler
    public void handle(AssignMemberRoleCommand command, DirectoryCatalog catalog) {
        if (!organizationId.equals(command.organizationId())) {
            throw new InvalidAttributeException(
                    "userId", "User " + userId + " is not a member of organization " + command.organizationId());
        }
        if (source == RoleSource.NONE) {
            throw new InvalidAttributeException("userId", "User " + userId + " is deactivated and holds no role");
        }
        if (command.role() == null || !catalog.roleExists(organizationId, command.role())) {
            throw new InvalidAttributeException("role", "The organization has no role '" + command.role() + "'");
        }
        if (source == RoleSource.MAPPING && catalog.syncEnabled(connectionId)) {
            throw new MappedRoleLockedException(userId, mappedGroupId);
        }
        if (!command.role().equals(role) || source != RoleSource.MANUAL) {
            apply(new MemberRoleChangedEvent(
                    membershipId, userId, connectionId, organizationId, command.role(), RoleSource.MANUAL, null));
        }
    }

    @EventSourcingHandler
    void on(MemberRoleChangedEvent event) {
        this.membershipId = event.membershipId();
        this.userId = event.userId();
        this.connectionId = event.connectionId();
        this.organizationId = event.organizationId();
        this.role = event.role();
        this.source = event.source();
        this.mappedGroupId = event.mappedGroupId();
    }

    /** Axon creates the aggregate through this constructor, then rebuilds it from its events. */
    public MemberRole() {}
}
