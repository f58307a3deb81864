package io.dirsync.query.group;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dirsync.api.group.GroupPage;
import io.dirsync.api.group.GroupState;
import io.dirsync.api.group.ListScimGroupsQuery;
import io.dirsync.scim.ScimLocations;
import io.dirsync.scim.group.ScimGroupMapper;
import io.dirsync.scim.query.ListRequest;
import io.dirsync.scim.query.ListResponses;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Lists a connection's groups as SCIM resources. Shared by {@code GET /Groups}, {@code POST /Groups/.search} and the
 * root search, so all of them page and select attributes the same way. A view without members never reads the
 * member rows.
 */
@Component
public class ScimGroupSearch {
    static final String MEMBERS = "members";
    private final ScimGroupProjection groups;
    private final ScimGroupMapper mapper = new ScimGroupMapper();

    /** The read model is called directly, not through the query bus, as in {@code ScimUserSearch}. */
    public ScimGroupSearch(ScimGroupProjection groups) {
        this.groups = groups;
    }

    /** One page of the groups the request's filter matches, rendered, and the total they belong to. */
    public ListResponses.Page page(String connectionId, ListRequest request, int startIndex, int count) {
        boolean withMembers = request.selection().mayReturn(MEMBERS);
        GroupPage page =
                groups.handle(new ListScimGroupsQuery(connectionId, request.filter(), startIndex, count, withMembers));
        String usersBase = usersBase(connectionId);
        return new ListResponses.Page(
                page.totalResults(),
                page.groups().stream()
                        .map(group -> request.selection()
                                .apply(mapper.write(
                                        group, location(connectionId, group.groupId()), usersBase, withMembers)))
                        .toList());
    }

    public ObjectNode write(GroupState group, boolean withMembers) {
        return mapper.write(
                group, location(group.connectionId(), group.groupId()), usersBase(group.connectionId()), withMembers);
    }

    static String location(String connectionId, String groupId) {
        return ScimLocations.group(
                ServletUriComponentsBuilder.fromCurrentContextPath().toUriString(), connectionId, groupId);
    }

    private static String usersBase(String connectionId) {
        return ScimLocations.users(
                ServletUriComponentsBuilder.fromCurrentContextPath().toUriString(), connectionId);
    }
}
