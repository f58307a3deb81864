package io.dirsync.query.group;

import io.dirsync.api.group.GroupSummary;
import io.dirsync.api.group.ListConnectionGroupsQuery;
import io.dirsync.query.support.Queries;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** {@code GET /api/connections/{id}/groups}: the groups pushed so far, with member counts. */
@RestController
public class GroupAdminController {
    private final QueryGateway queries;

    public GroupAdminController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/api/connections/{connectionId}/groups")
    public List<GroupSummary> list(@PathVariable String connectionId) {
        return Queries.await(queries.query(
                new ListConnectionGroupsQuery(connectionId), ResponseTypes.multipleInstancesOf(GroupSummary.class)));
    }
}
