package io.dirsync.query.accessreview;

import io.dirsync.api.group.GroupCreatedEvent;
import io.dirsync.api.group.GroupDeletedEvent;
import io.dirsync.api.group.GroupMembersAddedEvent;
import io.dirsync.api.group.GroupMembersRemovedEvent;
import io.dirsync.api.group.GroupRenamedEvent;
import io.dirsync.api.rolemapping.MemberRoleChangedEvent;
import io.dirsync.api.user.ErasedProfile;
import io.dirsync.api.user.UserDeactivatedEvent;
import io.dirsync.api.user.UserDeletedEvent;
import io.dirsync.api.user.UserErasedEvent;
import io.dirsync.api.user.UserProfileUpdatedEvent;
import io.dirsync.api.user.UserProvisionedEvent;
import io.dirsync.api.user.UserReactivatedEvent;
import io.dirsync.api.user.UserReprovisionedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.function.UnaryOperator;

/**
 * The access history of every connection as validity intervals: a user's status and profile, a member's role and its
 * source, a group's name, and each membership, from and to, each citing the events that opened and closed it. A pooled
 * streaming projection ordered per user ({@code UserSequencingPolicy}: a membership by its group, a role by its user),
 * rebuilt by replay. A snapshot at an instant or the changes between two are queries over these rows
 * ({@link AccessReviewQueries}), never a replay of the store.
 */
@Component
@ProcessingGroup(AccessHistoryProjection.PROCESSING_GROUP)
public class AccessHistoryProjection {
    public static final String PROCESSING_GROUP = "access-history";
    private final JdbcTemplate jdbc;
    private final IntervalTables tables;

    public AccessHistoryProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.tables = new IntervalTables(jdbc);
    }

    @EventHandler
    void on(UserProvisionedEvent event, DomainEventMessage<?> message) {
        tables.openUser(
                event.userId(),
                "provisioned",
                UserInterval.of(event.connectionId(), event.profile(), event.active()),
                Evidence.of(message, jdbc));
    }

    @EventHandler
    void on(UserReprovisionedEvent event, DomainEventMessage<?> message) {
        tables.openUser(
                event.userId(),
                "reprovisioned",
                UserInterval.of(event.connectionId(), event.profile(), event.active()),
                Evidence.of(message, jdbc));
    }

    @EventHandler
    void on(UserProfileUpdatedEvent event, DomainEventMessage<?> message) {
        change(event.userId(), "updated", user -> user.withProfile(event.profile()), message);
    }

    @EventHandler
    void on(UserDeactivatedEvent event, DomainEventMessage<?> message) {
        change(event.userId(), "deactivated", user -> user.withStatus(false, user.deleted()), message);
    }

    @EventHandler
    void on(UserReactivatedEvent event, DomainEventMessage<?> message) {
        change(event.userId(), "reactivated", user -> user.withStatus(true, user.deleted()), message);
    }

    @EventHandler
    void on(UserDeletedEvent event, DomainEventMessage<?> message) {
        change(event.userId(), "deleted", user -> user.withStatus(false, true), message);
    }

    /** The user keeps its id and its intervals; none of them keeps its name or address. */
    @EventHandler
    void on(UserErasedEvent event, DomainEventMessage<?> message) {
        change(event.userId(), "erased", UserInterval::erasedNow, message);
        tables.scrubUser(event.userId(), ErasedProfile.MARKER);
    }

    @EventHandler
    void on(MemberRoleChangedEvent event, DomainEventMessage<?> message) {
        tables.openRole(
                event.userId(),
                event.connectionId(),
                event.organizationId(),
                event.role(),
                event.source(),
                event.mappedGroupId(),
                Evidence.of(message, jdbc));
    }

    @EventHandler
    void on(GroupCreatedEvent event, DomainEventMessage<?> message) {
        tables.openGroup(event.groupId(), event.connectionId(), event.displayName(), Evidence.of(message, jdbc));
    }

    @EventHandler
    void on(GroupRenamedEvent event, DomainEventMessage<?> message) {
        tables.openGroup(event.groupId(), event.connectionId(), event.displayName(), Evidence.of(message, jdbc));
    }

    @EventHandler
    void on(GroupDeletedEvent event, DomainEventMessage<?> message) {
        tables.closeGroup(event.groupId(), Evidence.of(message, jdbc));
    }

    @EventHandler
    void on(GroupMembersAddedEvent event, DomainEventMessage<?> message) {
        Evidence evidence = Evidence.of(message, jdbc);
        event.userIds().forEach(userId -> tables.join(event.groupId(), userId, event.connectionId(), evidence));
    }

    @EventHandler
    void on(GroupMembersRemovedEvent event, DomainEventMessage<?> message) {
        Evidence evidence = Evidence.of(message, jdbc);
        event.userIds().forEach(userId -> tables.leave(event.groupId(), userId, evidence));
    }

    @ResetHandler
    void reset() {
        tables.reset();
    }

    /** A change of a user this projection has seen provisioned; events of a user it never saw have nothing to change. */
    private void change(String userId, String kind, UnaryOperator<UserInterval> change, DomainEventMessage<?> message) {
        Evidence evidence = Evidence.of(message, jdbc);
        tables.openUserBefore(userId, evidence.position())
                .ifPresent(user -> tables.openUser(userId, kind, change.apply(user), evidence));
    }
}
