package io.dirsync.command.rolemapping;

import io.dirsync.api.attributemapping.AttributeMapping;
import io.dirsync.api.attributemapping.AttributeMappingsReplacedEvent;
import io.dirsync.api.connection.ConnectionCreatedEvent;
import io.dirsync.api.group.GroupCreatedEvent;
import io.dirsync.api.group.GroupDeletedEvent;
import io.dirsync.api.organization.OrganizationCreatedEvent;
import io.dirsync.api.organization.RoleAddedEvent;
import io.dirsync.api.organization.RoleDeletedEvent;
import io.dirsync.api.rolemapping.DirectorySyncDisabledEvent;
import io.dirsync.api.rolemapping.DirectorySyncEnabledEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What command handlers must check across aggregates (does this organization, role or group exist; is
 * sync on), kept by a subscribing processor in the transaction of each event, so a check never sees a
 * lagging view: a role deleted a moment ago can no longer be mapped.
 */
@Component
@ProcessingGroup(DirectoryCatalog.PROCESSING_GROUP)
public class DirectoryCatalog {
    public static final String PROCESSING_GROUP = "directory-catalog";
    private final JdbcTemplate jdbc;

    public DirectoryCatalog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(OrganizationCreatedEvent event) {
        jdbc.update(
                "INSERT INTO catalog_organization (organization_id, default_role) VALUES (?, ?)",
                event.organizationId(),
                event.defaultRole());
        event.roles().forEach(role -> addRole(event.organizationId(), role));
    }

    @EventHandler
    void on(RoleAddedEvent event) {
        addRole(event.organizationId(), event.role());
    }

    @EventHandler
    void on(RoleDeletedEvent event) {
        jdbc.update(
                "DELETE FROM catalog_role WHERE organization_id = ? AND role_key = ?",
                event.organizationId(),
                event.role());
    }

    @EventHandler
    void on(ConnectionCreatedEvent event) {
        jdbc.update(
                "INSERT INTO catalog_connection (connection_id, organization_id, sync_enabled) VALUES (?, ?, TRUE)",
                event.connectionId(),
                event.organizationId());
    }

    @EventHandler
    void on(DirectorySyncDisabledEvent event) {
        jdbc.update("UPDATE catalog_connection SET sync_enabled = FALSE WHERE connection_id = ?", event.connectionId());
    }

    @EventHandler
    void on(DirectorySyncEnabledEvent event) {
        jdbc.update("UPDATE catalog_connection SET sync_enabled = TRUE WHERE connection_id = ?", event.connectionId());
    }

    @EventHandler
    void on(GroupCreatedEvent event) {
        jdbc.update(
                "INSERT INTO catalog_group (group_id, connection_id, deleted) VALUES (?, ?, FALSE)",
                event.groupId(),
                event.connectionId());
    }

    @EventHandler
    void on(GroupDeletedEvent event) {
        jdbc.update("UPDATE catalog_group SET deleted = TRUE WHERE group_id = ?", event.groupId());
    }

    @EventHandler
    void on(AttributeMappingsReplacedEvent event) {
        jdbc.update("DELETE FROM catalog_attribute_mapping WHERE connection_id = ?", event.connectionId());
        List<Object[]> keys = event.mappings().stream()
                .map(AttributeMapping::attribute)
                .distinct()
                .map(key -> new Object[] {event.connectionId(), key})
                .toList();
        jdbc.batchUpdate("INSERT INTO catalog_attribute_mapping (connection_id, metadata_key) VALUES (?, ?)", keys);
    }

    public boolean organizationExists(String organizationId) {
        return count("SELECT COUNT(*) FROM catalog_organization WHERE organization_id = ?", organizationId) > 0;
    }

    public boolean roleExists(String organizationId, String role) {
        return count(
                        "SELECT COUNT(*) FROM catalog_role WHERE organization_id = ? AND role_key = ?",
                        organizationId,
                        role)
                > 0;
    }

    /** A group this connection has pushed and not deleted. */
    public boolean liveGroupOf(String connectionId, String groupId) {
        return count(
                        "SELECT COUNT(*) FROM catalog_group WHERE group_id = ? AND connection_id = ? AND NOT deleted",
                        groupId,
                        connectionId)
                > 0;
    }

    public boolean connectionExists(String connectionId) {
        return count("SELECT COUNT(*) FROM catalog_connection WHERE connection_id = ?", connectionId) > 0;
    }

    public boolean syncEnabled(String connectionId) {
        return jdbc
                .queryForList(
                        "SELECT sync_enabled FROM catalog_connection WHERE connection_id = ?",
                        Boolean.class,
                        connectionId)
                .stream()
                .findFirst()
                .orElse(true);
    }

    /** The publicMetadata keys the connection's attribute mappings fill. */
    public Set<String> mappedAttributes(String connectionId) {
        return Set.copyOf(jdbc.queryForList(
                "SELECT metadata_key FROM catalog_attribute_mapping WHERE connection_id = ?",
                String.class,
                connectionId));
    }

    public Optional<String> organizationOf(String connectionId) {
        return jdbc
                .queryForList(
                        "SELECT organization_id FROM catalog_connection WHERE connection_id = ?",
                        String.class,
                        connectionId)
                .stream()
                .filter(java.util.Objects::nonNull)
                .findFirst();
    }

    private void addRole(String organizationId, String role) {
        jdbc.update("INSERT INTO catalog_role (organization_id, role_key) VALUES (?, ?)", organizationId, role);
    }

    private long count(String sql, Object... args) {
        Long count = jdbc.queryForObject(sql, Long.class, args);
        return count == null ? 0 : count;
    }
}
