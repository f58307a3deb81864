package io.dirsync.query.audit;

import io.dirsync.api.attributemapping.FindUserPublicMetadataQuery;
import io.dirsync.api.user.UnknownUserException;
import io.dirsync.query.support.Queries;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Map;

/**
 * A user for the admin, now or as of an instant, for the admin API and the admin web UI alike.
 * {@code publicMetadata} is shown for the present only: it depends on the connection's attribute mappings
 * as they are now, so a past value would be a guess.
 */
@Component
public class UserLookup {
    private final UserTimeMachine timeMachine;
    private final QueryGateway queries;

    public UserLookup(UserTimeMachine timeMachine, QueryGateway queries) {
        this.timeMachine = timeMachine;
        this.queries = queries;
    }

    /** @param asOf null for now */
    @SuppressWarnings("unchecked")
    public UserSnapshot find(String userId, Instant asOf) {
        UserSnapshot user = timeMachine
                .at(userId, asOf)
                .orElseThrow(
                        () -> asOf == null ? new UnknownUserException(userId) : new UnknownUserException(userId, asOf));
        if (asOf != null) {
            return user;
        }
        Map<String, Object> metadata = Queries.await(
                queries.query(new FindUserPublicMetadataQuery(userId), ResponseTypes.instanceOf(Map.class)));
        return user.withPublicMetadata(metadata);
    }
}
