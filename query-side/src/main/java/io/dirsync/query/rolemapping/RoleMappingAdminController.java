package io.dirsync.query.rolemapping;

import io.dirsync.api.rolemapping.ListOrganizationMembersQuery;
import io.dirsync.api.rolemapping.ListRoleMappingsQuery;
import io.dirsync.api.rolemapping.OrganizationMember;
import io.dirsync.api.rolemapping.RoleMapping;
import io.dirsync.query.support.Queries;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Admin reads: a connection's role mappings and an organization's members with their roles. */
@RestController
public class RoleMappingAdminController {
    private final QueryGateway queries;

    public RoleMappingAdminController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/api/connections/{connectionId}/role-mappings")
    public List<RoleMapping> roleMappings(@PathVariable String connectionId) {
        return Queries.await(queries.query(
                new ListRoleMappingsQuery(connectionId), ResponseTypes.multipleInstancesOf(RoleMapping.class)));
    }

    @GetMapping("/api/organizations/{organizationId}/members")
    public List<OrganizationMember> members(@PathVariable String organizationId) {
        return Queries.await(queries.query(
                new ListOrganizationMembersQuery(organizationId),
                ResponseTypes.multipleInstancesOf(OrganizationMember.class)));
    }
}
