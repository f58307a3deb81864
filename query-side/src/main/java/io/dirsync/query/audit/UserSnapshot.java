package io.dirsync.query.audit;

import io.dirsync.api.rolemapping.RoleSource;
import io.dirsync.api.user.UserDeactivatedEvent;
import io.dirsync.api.user.UserDeletedEvent;
import io.dirsync.api.user.UserProfile;
import io.dirsync.api.user.UserProfileUpdatedEvent;
import io.dirsync.api.user.UserProvisionedEvent;
import io.dirsync.api.user.UserReactivatedEvent;
import io.dirsync.api.user.UserReprovisionedEvent;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A user as the admin API shows it.
 *
 * @param status "Active" or "Deactivated"
 * @param groups group id to its display name, for the groups the user is a direct member of
 * @param publicMetadata the user's value then (now, or at {@code asOf}); null for an erased user
 * @param publicMetadataEvent the event that set it, for a past instant (null for the present)
 */
public record UserSnapshot(
        String id,
        String connectionId,
        UserProfile profile,
        String status,
        boolean deletedByIdp,
        String role,
        String roleSource,
        String mappedFromGroupId,
        List<Map<String, String>> groups,
        Map<String, Object> publicMetadata,
        CitedEvent publicMetadataEvent) {

    /** A stored event, as {@code GET /api/events} names it. */
    public record CitedEvent(String aggregateId, long sequence, long position, String type, Instant timestamp) {}

    /** A value and the event that set it. */
    public record CitedValue(Map<String, Object> value, CitedEvent event) {}

    /**
     * The same user with its public metadata, which is not folded from the user's events (it depends on the
     * connection's mappings too), hence set afterwards.
     */
    public UserSnapshot withPublicMetadata(Map<String, Object> metadata, CitedEvent event) {
        return new UserSnapshot(
                id,
                connectionId,
                profile,
                status,
                deletedByIdp,
                role,
                roleSource,
                mappedFromGroupId,
                groups,
                metadata,
                event);
    }

    static final class Builder {
        private final String id;
        private String connectionId;
        private UserProfile profile;
        private boolean active;
        private boolean deleted;
        private String role;
        private RoleSource source = RoleSource.NONE;
        private String mappedGroupId;

        Builder(String id) {
            this.id = id;
        }

        void apply(Object event) {
            if (event instanceof UserProvisionedEvent e) {
                connectionId = e.connectionId();
                profile = e.profile();
                active = e.active();
            } else if (event instanceof UserReprovisionedEvent e) {
                profile = e.profile();
                active = e.active();
                deleted = false;
            } else if (event instanceof UserProfileUpdatedEvent e) {
                profile = e.profile();
            } else if (event instanceof UserDeactivatedEvent) {
                active = false;
            } else if (event instanceof UserReactivatedEvent) {
                active = true;
            } else if (event instanceof UserDeletedEvent) {
                active = false;
                deleted = true;
            }
        }

        void role(String role, RoleSource source, String mappedGroupId) {
            this.role = role;
            this.source = source;
            this.mappedGroupId = mappedGroupId;
        }

        boolean exists() {
            return profile != null;
        }

        UserSnapshot build(Map<String, String> groups) {
            return new UserSnapshot(
                    id,
                    connectionId,
                    profile,
                    active ? "Active" : "Deactivated",
                    deleted,
                    role,
                    source == RoleSource.NONE ? null : source.name().toLowerCase(Locale.ROOT),
                    mappedGroupId,
                    groups.entrySet().stream()
                            .map(g -> Map.of("id", g.getKey(), "displayName", g.getValue() == null ? "" : g.getValue()))
                            .toList(),
                    null,
                    null);
        }
    }
}
