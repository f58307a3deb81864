package io.dirsync.query.accessreview;

import io.dirsync.api.group.GroupCreatedEvent;
import io.dirsync.api.group.GroupDeletedEvent;
import io.dirsync.api.group.GroupMembersAddedEvent;
import io.dirsync.api.group.GroupMembersRemovedEvent;
import io.dirsync.api.group.GroupRenamedEvent;
import io.dirsync.api.rolemapping.MemberRoleChangedEvent;
import io.dirsync.api.user.UserDeactivatedEvent;
import io.dirsync.api.user.UserDeletedEvent;
import io.dirsync.api.user.UserErasedEvent;
import io.dirsync.api.user.UserProfileUpdatedEvent;
import io.dirsync.api.user.UserProvisionedEvent;
import io.dirsync.api.user.UserReactivatedEvent;
import io.dirsync.api.user.UserReprovisionedEvent;
import io.dirsync.query.accessreview.IntervalTables.GroupClosed;
import io.dirsync.query.accessreview.IntervalTables.GroupOpened;
import io.dirsync.query.accessreview.IntervalTables.Joined;
import io.dirsync.query.accessreview.IntervalTables.Left;
import io.dirsync.query.accessreview.IntervalTables.RoleOpened;
import io.dirsync.query.accessreview.IntervalTables.Step;
import io.dirsync.query.accessreview.IntervalTables.UserChanged;
import io.dirsync.query.accessreview.IntervalTables.UserOpened;
import io.dirsync.query.support.BatchRows;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
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
    private static final String PENDING = AccessHistoryProjection.class.getName() + ".pending";
    private final IntervalTables tables;

    public AccessHistoryProjection(JdbcTemplate jdbc) {
        this.tables = new IntervalTables(jdbc);
    }

    @EventHandler
    void on(UserProvisionedEvent event, DomainEventMessage<?> message) {
        record(
                message,
                new UserOpened(
                        event.userId(),
                        "provisioned",
                        UserInterval.of(event.connectionId(), event.profile(), event.active())));
    }

    @EventHandler
    void on(UserReprovisionedEvent event, DomainEventMessage<?> message) {
        record(
                message,
                new UserOpened(
                        event.userId(),
                        "reprovisioned",
                        UserInterval.of(event.connectionId(), event.profile(), event.active())));
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
        record(message, new UserChanged(event.userId(), "erased", UserInterval::erasedNow, true));
    }

    @EventHandler
    void on(MemberRoleChangedEvent event, DomainEventMessage<?> message) {
        record(
                message,
                new RoleOpened(
                        event.userId(),
                        event.connectionId(),
                        event.organizationId(),
                        event.role(),
                        event.source(),
                        event.mappedGroupId()));
    }

    @EventHandler
    void on(GroupCreatedEvent event, DomainEventMessage<?> message) {
        record(message, new GroupOpened(event.groupId(), event.connectionId(), event.displayName()));
    }

    @EventHandler
    void on(GroupRenamedEvent event, DomainEventMessage<?> message) {
        record(message, new GroupOpened(event.groupId(), event.connectionId(), event.displayName()));
    }

    @EventHandler
    void on(GroupDeletedEvent event, DomainEventMessage<?> message) {
        record(message, new GroupClosed(event.groupId()));
    }

    @EventHandler
    void on(GroupMembersAddedEvent event, DomainEventMessage<?> message) {
        record(message, new Joined(event.groupId(), event.connectionId(), event.userIds()));
    }

    @EventHandler
    void on(GroupMembersRemovedEvent event, DomainEventMessage<?> message) {
        record(message, new Left(event.groupId(), event.userIds()));
    }

    @ResetHandler
    void reset() {
        tables.reset();
    }

    private void change(String userId, String kind, UnaryOperator<UserInterval> change, DomainEventMessage<?> message) {
        record(message, new UserChanged(userId, kind, change, false));
    }

    /**
     * Collects the event's change; a processor's batch is written together when it commits (per event that was a
     * look-up of its global index and three statements), outside a batch at once.
     */
    private void record(DomainEventMessage<?> message, IntervalTables.Change change) {
        Step step = new Step(message, change);
        List<Step> batch = BatchRows.ofThisBatch(PENDING, ArrayList::new, tables::write);
        if (batch == null) {
            tables.write(List.of(step));
        } else {
            batch.add(step);
        }
    }
}
