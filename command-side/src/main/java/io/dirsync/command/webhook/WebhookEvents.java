package io.dirsync.command.webhook;

import io.dirsync.api.attributemapping.PublicMetadataEditedEvent;
import io.dirsync.api.group.GroupCreatedEvent;
import io.dirsync.api.group.GroupDeletedEvent;
import io.dirsync.api.group.GroupExternalIdChangedEvent;
import io.dirsync.api.group.GroupMembersAddedEvent;
import io.dirsync.api.group.GroupMembersRemovedEvent;
import io.dirsync.api.group.GroupRenamedEvent;
import io.dirsync.api.rolemapping.MemberRoleChangedEvent;
import io.dirsync.api.user.UserDeactivatedEvent;
import io.dirsync.api.user.UserDeletedEvent;
import io.dirsync.api.user.UserProfile;
import io.dirsync.api.user.UserProfileUpdatedEvent;
import io.dirsync.api.user.UserProvisionedEvent;
import io.dirsync.api.user.UserReactivatedEvent;
import io.dirsync.api.user.UserReprovisionedEvent;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static io.dirsync.api.webhook.WebhookEventTypes.GROUP_CREATED;
import static io.dirsync.api.webhook.WebhookEventTypes.GROUP_DELETED;
import static io.dirsync.api.webhook.WebhookEventTypes.GROUP_UPDATED;
import static io.dirsync.api.webhook.WebhookEventTypes.MEMBERSHIP_UPDATED;
import static io.dirsync.api.webhook.WebhookEventTypes.USER_CREATED;
import static io.dirsync.api.webhook.WebhookEventTypes.USER_DELETED;
import static io.dirsync.api.webhook.WebhookEventTypes.USER_UPDATED;

/**
 * Which domain events become which webhook events, and the {@code data} each carries (docs/webhooks.md is the
 * contract). Every data object names its subject and the {@code change} that happened; a key is present only
 * when the event carries it, so {@code null} always means "now empty", never "unchanged". Each event reads
 * on its own: consumers never need to fold earlier ones.
 */
public final class WebhookEvents {

    /** @param orderingKey deliveries with the same key reach an endpoint in event order */
    public record Mapped(String type, String orderingKey, Map<String, Object> data) {}

    private WebhookEvents() {}

    /** Empty for the events webhooks do not announce (connections, organizations, sessions...). */
    public static Optional<Mapped> map(Object payload) {
        return Optional.ofNullable(userEvent(payload))
                .or(() -> Optional.ofNullable(groupEvent(payload)))
                .or(() -> payload instanceof MemberRoleChangedEvent e ? Optional.of(membership(e)) : Optional.empty());
    }

    private static Mapped userEvent(Object payload) {
        if (payload instanceof UserProvisionedEvent e) {
            return user(USER_CREATED, "provisioned", e.userId(), e.connectionId(), e.active(), e.profile());
        }
        if (payload instanceof UserReprovisionedEvent e) {
            return user(USER_UPDATED, "reprovisioned", e.userId(), e.connectionId(), e.active(), e.profile());
        }
        if (payload instanceof UserProfileUpdatedEvent e) {
            return user(USER_UPDATED, "profileUpdated", e.userId(), e.connectionId(), null, e.profile());
        }
        if (payload instanceof UserDeactivatedEvent e) {
            return user(USER_UPDATED, "deactivated", e.userId(), e.connectionId(), false, null);
        }
        if (payload instanceof UserReactivatedEvent e) {
            return user(USER_UPDATED, "reactivated", e.userId(), e.connectionId(), true, null);
        }
        if (payload instanceof UserDeletedEvent e) {
            return user(USER_DELETED, "deleted", e.userId(), e.connectionId(), false, null);
        }
        if (payload instanceof PublicMetadataEditedEvent e) {
            Mapped edited = user(USER_UPDATED, "publicMetadataEdited", e.userId(), e.connectionId(), null, null);
            edited.data().put("set", e.set());
            edited.data().put("removed", e.removed());
            return edited;
        }
        return null;
    }

    private static Mapped groupEvent(Object payload) {
        if (payload instanceof GroupCreatedEvent e) {
            return group(
                    GROUP_CREATED,
                    "created",
                    e.groupId(),
                    e.connectionId(),
                    "displayName",
                    e.displayName(),
                    "externalId",
                    e.externalId());
        }
        if (payload instanceof GroupRenamedEvent e) {
            return group(GROUP_UPDATED, "renamed", e.groupId(), e.connectionId(), "displayName", e.displayName());
        }
        if (payload instanceof GroupExternalIdChangedEvent e) {
            return group(
                    GROUP_UPDATED, "externalIdChanged", e.groupId(), e.connectionId(), "externalId", e.externalId());
        }
        if (payload instanceof GroupMembersAddedEvent e) {
            return group(GROUP_UPDATED, "membersAdded", e.groupId(), e.connectionId(), "userIds", e.userIds());
        }
        if (payload instanceof GroupMembersRemovedEvent e) {
            return group(GROUP_UPDATED, "membersRemoved", e.groupId(), e.connectionId(), "userIds", e.userIds());
        }
        if (payload instanceof GroupDeletedEvent e) {
            return group(GROUP_DELETED, "deleted", e.groupId(), e.connectionId());
        }
        return null;
    }

    private static Mapped user(
            String type, String change, String userId, String connectionId, Boolean active, UserProfile profile) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("userId", userId);
        data.put("connectionId", connectionId);
        data.put("change", change);
        if (active != null) {
            data.put("active", active);
        }
        if (profile != null) {
            data.put("profile", WebhookProfiles.of(profile));
        }
        return new Mapped(type, "user:" + userId, data);
    }

    /** @param fields name, value, name, value... carried by this event */
    private static Mapped group(String type, String change, String groupId, String connectionId, Object... fields) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("groupId", groupId);
        data.put("connectionId", connectionId);
        data.put("change", change);
        for (int i = 0; i < fields.length; i += 2) {
            data.put((String) fields[i], fields[i + 1]);
        }
        return new Mapped(type, "group:" + groupId, data);
    }

    /** Keyed by the user, not the membership: a role change must not overtake the user.created it follows. */
    private static Mapped membership(MemberRoleChangedEvent e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("userId", e.userId());
        data.put("connectionId", e.connectionId());
        data.put("change", "roleChanged");
        data.put("organizationId", e.organizationId());
        data.put("role", e.role());
        data.put("source", e.source() == null ? null : e.source().name().toLowerCase(Locale.ROOT));
        data.put("mappedGroupId", e.mappedGroupId());
        return new Mapped(MEMBERSHIP_UPDATED, "user:" + e.userId(), data);
    }
}
