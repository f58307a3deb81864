package io.dirsync.query.user;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dirsync.api.group.FindUserGroupsQuery;
import io.dirsync.api.group.UserGroups;
import io.dirsync.api.user.EnterpriseAttributes;
import io.dirsync.api.user.FindScimUserQuery;
import io.dirsync.api.user.ListScimUsersQuery;
import io.dirsync.api.user.UserPage;
import io.dirsync.api.user.UserState;
import io.dirsync.query.group.ScimGroupProjection;
import io.dirsync.scim.ScimLocations;
import io.dirsync.scim.ScimSchemas;
import io.dirsync.scim.query.AttributeSelection;
import io.dirsync.scim.query.ListRequest;
import io.dirsync.scim.query.ListResponses;
import io.dirsync.scim.user.ScimUserMapper;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lists a connection's users as a SCIM ListResponse. Shared by {@code GET /Users}, {@code POST /Users/.search}
 * and the root {@code POST /.search}, so all three page, sort and select attributes the same way.
 */
@Component
public class ScimUserSearch {
    private static final String GROUPS = "groups";
    private final ScimUserProjection scimUsers;
    private final ScimGroupProjection scimGroups;
    private final ScimUserMapper mapper;

    /**
     * Reads the SCIM read models through their projections' query handlers called directly, not through the query
     * bus: an IdP's GET is the hottest read, and the bus's dispatch was a tenth of its JVM time
     * (docs/benchmarks/scim-filter-and-membership.md). Every other reader goes through the bus.
     */
    public ScimUserSearch(ScimUserProjection users, ScimGroupProjection groups, ObjectMapper objectMapper) {
        this.scimUsers = users;
        this.scimGroups = groups;
        this.mapper = new ScimUserMapper(objectMapper);
    }

    public ObjectNode list(String connectionId, ListRequest request) {
        ListResponses.Page page = page(connectionId, request, request.startIndex(), request.count());
        return ListResponses.of(page.totalResults(), request.startIndex(), page.resources());
    }

    /** One page of the users the request's filter matches, rendered, and the total they belong to. */
    public ListResponses.Page page(String connectionId, ListRequest request, int startIndex, int count) {
        UserPage page = scimUsers.handle(new ListScimUsersQuery(
                connectionId, request.filter(), request.sortBy(), request.descending(), startIndex, count));
        UserGroups groups = groupsOf(
                connectionId, page.users().stream().map(UserState::userId).toList(), request.selection());
        Map<String, String> managers = managerNames(connectionId, page.users());
        return new ListResponses.Page(
                page.totalResults(),
                page.users().stream()
                        .map(user -> request.selection().apply(render(user, groups, managers)))
                        .toList());
    }

    /** A user as a SCIM read shows it: the resource with its groups and its manager's displayName. */
    ObjectNode render(UserState user, UserGroups groups, Map<String, String> managerNames) {
        String connectionId = user.connectionId();
        ObjectNode resource = mapper.write(user, location(connectionId, user.userId()));
        JsonNode manager = resource.path(ScimSchemas.ENTERPRISE_USER).path("manager");
        if (manager.isObject() && managerNames.containsKey(manager.path("value").asText())) {
            ((ObjectNode) manager)
                    .put("displayName", managerNames.get(manager.path("value").asText()));
        }
        return ScimUserMapper.withGroups(
                resource,
                groups.of(user.userId()),
                ScimLocations.groups(
                        ServletUriComponentsBuilder.fromCurrentContextPath().toUriString(), connectionId));
    }

    /** The current displayName (else userName) of the managers these users name, one lookup per manager. */
    Map<String, String> managerNames(String connectionId, List<UserState> users) {
        Map<String, String> names = new HashMap<>();
        users.stream()
                .map(user -> user.profile().enterprise())
                .filter(java.util.Objects::nonNull)
                .map(EnterpriseAttributes::managerId)
                .filter(java.util.Objects::nonNull)
                .distinct()
                .forEach(managerId -> scimUsers
                        .handle(new FindScimUserQuery(connectionId, managerId))
                        .ifPresent(manager -> names.put(
                                managerId,
                                manager.profile().displayName() != null
                                        ? manager.profile().displayName()
                                        : manager.profile().userName())));
        return names;
    }

    /** The users' groups, unless the view leaves them out anyway (then no query). */
    UserGroups groupsOf(String connectionId, List<String> userIds, AttributeSelection selection) {
        if (userIds.isEmpty() || !selection.mayReturn(GROUPS)) {
            return new UserGroups(Map.of());
        }
        return scimGroups.handle(new FindUserGroupsQuery(connectionId, userIds));
    }

    static String location(String connectionId, String userId) {
        return ScimLocations.user(
                ServletUriComponentsBuilder.fromCurrentContextPath().toUriString(), connectionId, userId);
    }
}
