package io.dirsync.query.organization;

import io.dirsync.api.organization.ListOrganizationsQuery;
import io.dirsync.api.organization.OrganizationCreatedEvent;
import io.dirsync.api.organization.OrganizationOverview;
import io.dirsync.api.organization.RoleAddedEvent;
import io.dirsync.api.organization.RoleDeletedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Organizations and their roles, for the admin's pickers. Streaming and idempotent: replay rebuilds the same rows. */
@Component
@ProcessingGroup(OrganizationOverviewProjection.PROCESSING_GROUP)
public class OrganizationOverviewProjection {
    public static final String PROCESSING_GROUP = "organization-overview";
    private final JdbcTemplate jdbc;

    public OrganizationOverviewProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(OrganizationCreatedEvent event) {
        jdbc.update("DELETE FROM organization_overview_role WHERE organization_id = ?", event.organizationId());
        jdbc.update("DELETE FROM organization_overview WHERE organization_id = ?", event.organizationId());
        jdbc.update(
                "INSERT INTO organization_overview (organization_id, name, default_role) VALUES (?, ?, ?)",
                event.organizationId(),
                event.name(),
                event.defaultRole());
        for (String role : event.roles()) {
            addRole(event.organizationId(), role);
        }
    }

    @EventHandler
    void on(RoleAddedEvent event) {
        addRole(event.organizationId(), event.role());
    }

    @EventHandler
    void on(RoleDeletedEvent event) {
        jdbc.update(
                "DELETE FROM organization_overview_role WHERE organization_id = ? AND role_key = ?",
                event.organizationId(),
                event.role());
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM organization_overview_role");
        jdbc.update("DELETE FROM organization_overview");
    }

    @QueryHandler
    public List<OrganizationOverview> handle(ListOrganizationsQuery query) {
        Map<String, List<String>> roles = new HashMap<>();
        jdbc.query(
                "SELECT organization_id, role_key FROM organization_overview_role ORDER BY organization_id, position",
                (RowCallbackHandler) rs -> roles.computeIfAbsent(rs.getString(1), id -> new ArrayList<>())
                        .add(rs.getString(2)));
        return jdbc.query(
                "SELECT organization_id, name, default_role FROM organization_overview ORDER BY LOWER(name), organization_id",
                (rs, i) -> new OrganizationOverview(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        List.copyOf(roles.getOrDefault(rs.getString(1), List.of()))));
    }

    /** Applying the same event twice leaves one row (replays and redeliveries are harmless). */
    private void addRole(String organizationId, String role) {
        jdbc.update(
                "DELETE FROM organization_overview_role WHERE organization_id = ? AND role_key = ?",
                organizationId,
                role);
        jdbc.update(
                "INSERT INTO organization_overview_role (organization_id, role_key, position)"
                        + " SELECT ?, ?, COALESCE(MAX(position), -1) + 1 FROM organization_overview_role WHERE organization_id = ?",
                organizationId,
                role,
                organizationId);
    }
}
