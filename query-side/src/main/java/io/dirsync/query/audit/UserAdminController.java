package io.dirsync.query.audit;

import io.dirsync.api.attributemapping.FindUserPublicMetadataQuery;
import io.dirsync.query.Queries;
import io.dirsync.scim.ScimException;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * {@code GET /api/users/{id}}, now or {@code ?asOf=} an instant: rebuilt from the events up to then.
 * {@code publicMetadata} is shown for the present only: it depends on the connection's attribute mappings
 * as they are now, so a past value would be a guess.
 */
@RestController
public class UserAdminController {
    private final UserTimeMachine timeMachine;
    private final QueryGateway queries;

    public UserAdminController(UserTimeMachine timeMachine, QueryGateway queries) {
        this.timeMachine = timeMachine;
        this.queries = queries;
    }

    @GetMapping("/api/users/{userId}")
    @SuppressWarnings("unchecked")
    public UserSnapshot get(@PathVariable String userId, @RequestParam(required = false) String asOf) {
        UserSnapshot user = timeMachine.at(userId, AuditAdminController.instant("asOf", asOf))
                .orElseThrow(() -> new ScimException(404, null, "User " + userId + " not found" + (asOf == null ? "" : " as of " + asOf)));
        if (asOf != null) {
            return user;
        }
        Map<String, Object> metadata = Queries.await(queries.query(new FindUserPublicMetadataQuery(userId), ResponseTypes.instanceOf(Map.class)));
        return user.withPublicMetadata(metadata);
    }
}
