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
import io.dirsync.api.rolemapping.RoleMapping;
import io.dirsync.api.rolemapping.RoleMappingsReplacedEvent;
import io.dirsync.api.user.UserDeactivatedEvent;
import io.dirsync.api.user.UserDeletedEvent;
import io.dirsync.api.user.UserProvisionedEvent;
import io.dirsync.api.user.UserReactivatedEvent;
import io.dirsync.api.user.UserReprovisionedEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The facts as the event stream states them, folded as each event is published: the oracle of the
 * convergence property (what {@link RoleResolution} must give, computed fresh) and the generator's view of
 * the world (which users, groups and roles exist). Deliberately independent of the resolver's rm_* tables.
 */
final class PublishedFacts {
    final Map<String, String> defaultRole = new HashMap<>();
    final Map<String, Set<String>> roles = new HashMap<>();
    final Map<String, String> organizationOf = new LinkedHashMap<>();
    final Map<String, Boolean> syncEnabled = new HashMap<>();
    final Map<String, List<RoleMapping>> mappings = new HashMap<>();
    final Map<String, String> connectionOfUser = new TreeMap<>();
    final Map<String, Boolean> active = new HashMap<>();
    final Set<String> deletedUsers = new HashSet<>();
    final Map<String, String> connectionOfGroup = new TreeMap<>();
    final Set<String> deletedGroups = new HashSet<>();
    final Map<String, Set<String>> members = new HashMap<>();
    final Map<String, RoleResolution.Assignment> assignment = new HashMap<>();

    void apply(Object event) {
        if (event instanceof OrganizationCreatedEvent e) {
            defaultRole.put(e.organizationId(), e.defaultRole());
            roles.put(e.organizationId(), new LinkedHashSet<>(e.roles()));
        } else if (event instanceof RoleAddedEvent e) {
            roles.get(e.organizationId()).add(e.role());
        } else if (event instanceof RoleDeletedEvent e) {
            roles.get(e.organizationId()).remove(e.role());
        } else if (event instanceof ConnectionCreatedEvent e) {
            organizationOf.put(e.connectionId(), e.organizationId());
            syncEnabled.put(e.connectionId(), true);
            mappings.put(e.connectionId(), List.of());
        } else if (event instanceof RoleMappingsReplacedEvent e) {
            mappings.put(e.connectionId(), e.mappings());
        } else if (event instanceof DirectorySyncDisabledEvent e) {
            syncEnabled.put(e.connectionId(), false);
        } else if (event instanceof DirectorySyncEnabledEvent e) {
            syncEnabled.put(e.connectionId(), true);
        } else if (event instanceof UserProvisionedEvent e) {
            connectionOfUser.put(e.userId(), e.connectionId());
            active.put(e.userId(), e.active());
        } else if (event instanceof UserReprovisionedEvent e) {
            deletedUsers.remove(e.userId());
            active.put(e.userId(), e.active());
        } else if (event instanceof UserDeactivatedEvent e) {
            active.put(e.userId(), false);
        } else if (event instanceof UserReactivatedEvent e) {
            active.put(e.userId(), true);
        } else if (event instanceof UserDeletedEvent e) {
            deletedUsers.add(e.userId());
            active.put(e.userId(), false);
        } else if (event instanceof GroupCreatedEvent e) {
            connectionOfGroup.put(e.groupId(), e.connectionId());
            members.put(e.groupId(), new LinkedHashSet<>());
        } else if (event instanceof GroupMembersAddedEvent e) {
            members.get(e.groupId()).addAll(e.userIds());
        } else if (event instanceof GroupMembersRemovedEvent e) {
            e.userIds().forEach(members.get(e.groupId())::remove);
        } else if (event instanceof GroupDeletedEvent e) {
            deletedGroups.add(e.groupId());
            members.get(e.groupId()).clear();
        } else if (event instanceof MemberRoleChangedEvent e) {
            assignment.put(e.userId(), new RoleResolution.Assignment(e.role(), e.source(), e.mappedGroupId()));
        }
    }

    Set<String> groupsOf(String userId) {
        Set<String> groups = new HashSet<>();
        members.forEach((group, users) -> {
            if (users.contains(userId)) {
                groups.add(group);
            }
        });
        return groups;
    }

    List<String> usersOf(String connectionId) {
        return connectionOfUser.entrySet().stream()
                .filter(e -> e.getValue().equals(connectionId))
                .map(Map.Entry::getKey)
                .toList();
    }

    List<String> groupsOfConnection(String connectionId, boolean includeDeleted) {
        return connectionOfGroup.entrySet().stream()
                .filter(e ->
                        e.getValue().equals(connectionId) && (includeDeleted || !deletedGroups.contains(e.getKey())))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** The users whose role the property speaks about: of a connection linked to an organization, with sync on. */
    List<String> governedUsers() {
        List<String> users = new ArrayList<>();
        connectionOfUser.forEach((user, connection) -> {
            if (organizationOf.get(connection) != null && syncEnabled.get(connection)) {
                users.add(user);
            }
        });
        return users;
    }

    /** What {@link RoleResolution} gives for the user now, from the facts alone and the role it holds. */
    RoleResolution.Assignment resolved(String userId) {
        String connection = connectionOfUser.get(userId);
        String organization = organizationOf.get(connection);
        return RoleResolution.resolve(
                active.get(userId),
                mappings.get(connection),
                groupsOf(userId),
                assignment.get(userId),
                defaultRole.get(organization),
                roles.get(organization));
    }
}
