package io.dirsync.command.group;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.dirsync.api.group.CreateGroupCommand;
import io.dirsync.api.group.DeleteGroupCommand;
import io.dirsync.api.group.GroupCreatedEvent;
import io.dirsync.api.group.GroupDeletedEvent;
import io.dirsync.api.group.GroupExternalIdChangedEvent;
import io.dirsync.api.group.GroupMembersAddedEvent;
import io.dirsync.api.group.GroupMembersRemovedEvent;
import io.dirsync.api.group.GroupRenamedEvent;
import io.dirsync.api.group.GroupState;
import io.dirsync.api.group.PatchGroupCommand;
import io.dirsync.api.group.ReplaceGroupCommand;
import io.dirsync.api.group.UnknownGroupException;
import io.dirsync.api.scim.InvalidAttributeException;
import io.dirsync.api.scim.VersionMismatchException;
import io.dirsync.scim.group.GroupChange;
import io.dirsync.scim.group.GroupPatchEngine;
import io.dirsync.scim.group.MembershipDelta;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A group pushed by the IdP: its name and direct members, changed only by deltas. Snapshotted every
 * {@link GroupSnapshots#EVENTS_BETWEEN_SNAPSHOTS} events, so a group grown one member at a time to 50,000
 * loads from a snapshot plus a few events; Jackson reads and writes the snapshot from the fields.
 */
@Aggregate(snapshotTriggerDefinition = GroupSnapshots.TRIGGER, snapshotFilter = GroupSnapshots.FILTER)
@Revision(GroupSnapshots.REVISION)
@JsonAutoDetect(
        fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Group {

    @AggregateIdentifier
    private String groupId;

    private String connectionId;
    private String displayName;
    private String externalId;
    private Set<String> members = new LinkedHashSet<>();
    private boolean deleted;
    private long version;
    private Instant created;
    private Instant lastModified;

    /** Called by {@link GroupCreation}, which answers the POST with the new group's state. */
    Group(CreateGroupCommand command, GroupMemberDirectory directory) {
        requireName(command.displayName());
        // each member once: projections keep one row per member, a repeated id would fail them on this event forever
        List<String> memberIds = List.copyOf(new LinkedHashSet<>(command.memberIds()));
        requireUsersOf(command.connectionId(), memberIds, directory);
        apply(new GroupCreatedEvent(
                command.groupId(), command.connectionId(), command.displayName().trim(), command.externalId()));
        if (!memberIds.isEmpty()) {
            apply(new GroupMembersAddedEvent(command.groupId(), command.connectionId(), memberIds));
        }
    }

    @CommandHandler
    public GroupState handle(ReplaceGroupCommand command, GroupMemberDirectory directory) {
        requireCurrent(command.connectionId(), command.expectedVersion());
        requireName(command.displayName());
        MembershipDelta delta = new MembershipDelta(members);
        delta.replaceAll(command.memberIds());
        change(
                new GroupChange(
                        command.displayName().trim(),
                        command.externalId(),
                        new ArrayList<>(delta.added()),
                        new ArrayList<>(delta.removed())),
                directory);
        return state();
    }

    @CommandHandler
    public GroupState handle(PatchGroupCommand command, GroupMemberDirectory directory, GroupPatchEngine patchEngine) {
        requireCurrent(command.connectionId(), command.expectedVersion());
        change(patchEngine.apply(groupId, displayName, externalId, members, command.operations()), directory);
        return state();
    }

    @CommandHandler
    public void handle(DeleteGroupCommand command) {
        requireCurrent(command.connectionId(), command.expectedVersion());
        apply(new GroupDeletedEvent(groupId, connectionId));
    }

    private void change(GroupChange change, GroupMemberDirectory directory) {
        requireUsersOf(connectionId, change.addedMembers(), directory);
        if (!change.displayName().equals(displayName)) {
            apply(new GroupRenamedEvent(groupId, connectionId, change.displayName()));
        }
        if (!Objects.equals(change.externalId(), externalId)) {
            apply(new GroupExternalIdChangedEvent(groupId, connectionId, change.externalId()));
        }
        if (!change.removedMembers().isEmpty()) {
            apply(new GroupMembersRemovedEvent(groupId, connectionId, change.removedMembers()));
        }
        if (!change.addedMembers().isEmpty()) {
            apply(new GroupMembersAddedEvent(groupId, connectionId, change.addedMembers()));
        }
    }

    private static void requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidAttributeException("displayName", "A group needs a displayName");
        }
    }

    /** Members are users of this connection only; an unknown id fails the whole request. */
    private static void requireUsersOf(
            String connectionId, Collection<String> userIds, GroupMemberDirectory directory) {
        if (userIds.isEmpty()) {
            return;
        }
        List<String> unknown = directory.unknownUsers(connectionId, userIds);
        if (!unknown.isEmpty()) {
            throw new InvalidAttributeException(
                    "members",
                    "members must be users of this connection; unknown: "
                            + String.join(", ", unknown.subList(0, Math.min(5, unknown.size())))
                            + (unknown.size() > 5 ? " and " + (unknown.size() - 5) + " more" : ""));
        }
    }

    private void requireCurrent(String requestingConnectionId, Long expectedVersion) {
        if (deleted || !connectionId.equals(requestingConnectionId)) {
            throw new UnknownGroupException(groupId);
        }
        if (expectedVersion != null && expectedVersion != version) {
            throw new VersionMismatchException(expectedVersion, version);
        }
    }

    GroupState state() {
        return new GroupState(
                groupId, connectionId, displayName, externalId, List.copyOf(members), version, created, lastModified);
    }

    @EventSourcingHandler
    void on(GroupCreatedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        this.groupId = event.groupId();
        this.connectionId = event.connectionId();
        this.displayName = event.displayName();
        this.externalId = event.externalId();
        this.created = at;
        touched(sequence, at);
    }

    @EventSourcingHandler
    void on(GroupRenamedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        this.displayName = event.displayName();
        touched(sequence, at);
    }

    @EventSourcingHandler
    void on(GroupExternalIdChangedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        this.externalId = event.externalId();
        touched(sequence, at);
    }

    @EventSourcingHandler
    void on(GroupMembersAddedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        members.addAll(event.userIds());
        touched(sequence, at);
    }

    @EventSourcingHandler
    void on(GroupMembersRemovedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        event.userIds().forEach(members::remove);
        touched(sequence, at);
    }

    @EventSourcingHandler
    void on(GroupDeletedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        this.deleted = true;
        touched(sequence, at);
    }

    private void touched(long sequence, Instant at) {
        this.version = sequence;
        this.lastModified = at;
    }

    /** Axon rebuilds the aggregate from its events through this constructor. */
    protected Group() {}
}
