package io.dirsync.app.ui;

import io.dirsync.api.connection.ConnectionOverview;
import io.dirsync.api.connection.FindConnectionQuery;
import io.dirsync.api.connection.ListConnectionsQuery;
import io.dirsync.api.connection.UnknownConnectionException;
import io.dirsync.api.group.GroupSummary;
import io.dirsync.api.group.ListConnectionGroupsQuery;
import io.dirsync.api.organization.ListOrganizationsQuery;
import io.dirsync.api.organization.OrganizationOverview;
import io.dirsync.api.rolemapping.ListRoleMappingsQuery;
import io.dirsync.api.rolemapping.RoleMapping;
import io.dirsync.command.rolemapping.DirectoryCatalog;
import io.dirsync.query.support.Queries;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The queries the admin pages share, through the same query handlers as the admin API. */
@Component
public class AdminReads {
    private final QueryGateway queries;
    private final DirectoryCatalog catalog;

    public AdminReads(QueryGateway queries, DirectoryCatalog catalog) {
        this.queries = queries;
        this.catalog = catalog;
    }

    /** A connection with its sync state as the command side decides it now (the overview may lag a moment). */
    public record ConnectionView(
            ConnectionOverview overview, boolean syncEnabled, Optional<OrganizationOverview> organization) {
        public String id() {
            return overview.id();
        }
    }

    public List<ConnectionOverview> connections() {
        return Queries.await(
                queries.query(new ListConnectionsQuery(), ResponseTypes.multipleInstancesOf(ConnectionOverview.class)));
    }

    public ConnectionView connection(String connectionId) {
        ConnectionOverview overview = Queries.await(queries.query(
                        new FindConnectionQuery(connectionId),
                        ResponseTypes.optionalInstanceOf(ConnectionOverview.class)))
                .orElseGet(() -> rebuilding(connectionId));
        return new ConnectionView(overview, catalog.syncEnabled(connectionId), organization(overview.organizationId()));
    }

    /** The overview lags a new connection by a moment, and is empty while it is replayed: the command side knows it. */
    private ConnectionOverview rebuilding(String connectionId) {
        if (!catalog.connectionExists(connectionId)) {
            throw new UnknownConnectionException(connectionId);
        }
        return new ConnectionOverview(
                connectionId,
                "Connection " + connectionId,
                catalog.organizationOf(connectionId).orElse(null),
                catalog.syncEnabled(connectionId),
                null,
                null);
    }

    public List<OrganizationOverview> organizations() {
        return Queries.await(queries.query(
                new ListOrganizationsQuery(), ResponseTypes.multipleInstancesOf(OrganizationOverview.class)));
    }

    public Optional<OrganizationOverview> organization(String organizationId) {
        return organizationId == null
                ? Optional.empty()
                : organizations().stream()
                        .filter(org -> org.id().equals(organizationId))
                        .findFirst();
    }

    /** The publicMetadata keys SCIM attributes are mapped to on this connection: locked while its sync is on. */
    public Set<String> mappedKeys(String connectionId) {
        return catalog.mappedAttributes(connectionId);
    }

    public List<GroupSummary> groups(String connectionId) {
        return Queries.await(queries.query(
                new ListConnectionGroupsQuery(connectionId), ResponseTypes.multipleInstancesOf(GroupSummary.class)));
    }

    public static Map<String, String> namesById(List<GroupSummary> groups) {
        return groups.stream().collect(Collectors.toMap(GroupSummary::id, GroupSummary::displayName, (a, b) -> a));
    }

    public List<RoleMapping> roleMappings(String connectionId) {
        return Queries.await(queries.query(
                new ListRoleMappingsQuery(connectionId), ResponseTypes.multipleInstancesOf(RoleMapping.class)));
    }
}
