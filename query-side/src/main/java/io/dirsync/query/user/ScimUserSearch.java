package io.dirsync.query.user;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dirsync.api.user.ListScimUsersQuery;
import io.dirsync.api.user.UserPage;
import io.dirsync.query.Queries;
import io.dirsync.scim.ScimLocations;
import io.dirsync.scim.query.ListRequest;
import io.dirsync.scim.query.ListResponses;
import io.dirsync.scim.user.ScimUserMapper;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Lists a connection's users as a SCIM ListResponse. Shared by {@code GET /Users}, {@code POST /Users/.search}
 * and the root {@code POST /.search}, so all three page, sort and select attributes the same way.
 */
@Component
public class ScimUserSearch {
    private final QueryGateway queries;
    private final ScimUserMapper mapper;

    public ScimUserSearch(QueryGateway queries, ObjectMapper objectMapper) {
        this.queries = queries;
        this.mapper = new ScimUserMapper(objectMapper);
    }

    public ObjectNode list(String connectionId, ListRequest request) {
        UserPage page = Queries.await(queries.query(new ListScimUsersQuery(connectionId, request.filter(), request.sortBy(),
                request.descending(), request.startIndex(), request.count()), UserPage.class));
        return ListResponses.of(page.totalResults(), request.startIndex(), page.users().stream()
                .map(user -> request.selection().apply(mapper.write(user, location(connectionId, user.userId()))))
                .toList());
    }

    static String location(String connectionId, String userId) {
        return ScimLocations.user(ServletUriComponentsBuilder.fromCurrentContextPath().toUriString(), connectionId, userId);
    }
}
