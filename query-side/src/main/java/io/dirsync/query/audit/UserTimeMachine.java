package io.dirsync.query.audit;

import io.dirsync.api.audit.ListEventsQuery;
import io.dirsync.api.audit.LoggedEvent;
import io.dirsync.api.group.GroupCreatedEvent;
import io.dirsync.api.group.GroupDeletedEvent;
import io.dirsync.api.group.GroupMembersAddedEvent;
import io.dirsync.api.group.GroupMembersRemovedEvent;
import io.dirsync.api.group.GroupRenamedEvent;
import io.dirsync.api.rolemapping.MemberRoleChangedEvent;
import io.dirsync.api.rolemapping.MembershipIds;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A user as it was at an instant, folded from the event store itself (through Axon, so upcasters apply):
 * the user's own events, its membership's role events, and the events of every group it was ever in.
 */
@Component
public class UserTimeMachine {
    private final EventStore eventStore;
    private final EventLogProjection eventLog;

    public UserTimeMachine(EventStore eventStore, EventLogProjection eventLog) {
        this.eventStore = eventStore;
        this.eventLog = eventLog;
    }

    public Optional<UserSnapshot> at(String userId, Instant asOf) {
        UserSnapshot.Builder user = new UserSnapshot.Builder(userId);
        replay(userId, asOf, event -> user.apply(event));
        if (!user.exists()) {
            return Optional.empty();
        }
        replay(MembershipIds.of(userId), asOf, event -> {
            if (event instanceof MemberRoleChangedEvent role) {
                user.role(role.role(), role.source(), role.mappedGroupId());
            }
        });
        Map<String, String> groups = new LinkedHashMap<>();
        for (String groupId : groupsEverJoined(userId)) {
            GroupFold fold = new GroupFold(userId);
            replay(groupId, asOf, fold);
            if (fold.member && !fold.deleted) {
                groups.put(groupId, fold.name);
            }
        }
        return Optional.of(user.build(groups));
    }

    private Set<String> groupsEverJoined(String userId) {
        Set<String> groupIds = new LinkedHashSet<>();
        long after = 0;
        List<LoggedEvent> page;
        do {
            page = eventLog.handle(
                    new ListEventsQuery(null, "GroupMembersAddedEvent", null, userId, null, null, after, 500));
            for (LoggedEvent event : page) {
                groupIds.add(event.aggregateId());
                after = event.position();
            }
        } while (page.size() == 500);
        return groupIds;
    }

    private void replay(String aggregateId, Instant asOf, Consumer<Object> apply) {
        eventStore
                .readEvents(aggregateId)
                .asStream()
                .filter(event -> asOf == null || !event.getTimestamp().isAfter(asOf))
                .map(DomainEventMessage::getPayload)
                .forEach(apply);
    }

    /** A group's name and whether the user was in it, as the group's events went. */
    private static final class GroupFold implements Consumer<Object> {
        private final String userId;
        private String name;
        private boolean member;
        private boolean deleted;

        GroupFold(String userId) {
            this.userId = userId;
        }

        @Override
        public void accept(Object event) {
            if (event instanceof GroupCreatedEvent created) {
                name = created.displayName();
            } else if (event instanceof GroupRenamedEvent renamed) {
                name = renamed.displayName();
            } else if (event instanceof GroupMembersAddedEvent added
                    && added.userIds().contains(userId)) {
                member = true;
            } else if (event instanceof GroupMembersRemovedEvent removed
                    && removed.userIds().contains(userId)) {
                member = false;
            } else if (event instanceof GroupDeletedEvent) {
                deleted = true;
            }
        }
    }
}
