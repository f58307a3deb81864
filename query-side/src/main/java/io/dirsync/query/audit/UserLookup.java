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
 * A user for the admin, now or as of an instant, for the admin API and the admin web UI alike. Its
 * {@code publicMetadata} comes from the public-metadata projection: the present value, or the one that held at the
 * instant ({@link PastPublicMetadata}) with the event that set it.
 */
@Component
public class UserLookup {
    private final UserTimeMachine timeMachine;
    private final QueryGateway queries;
    private final PastPublicMetadata pastMetadata;

    public UserLookup(UserTimeMachine timeMachine, QueryGateway queries, PastPublicMetadata pastMetadata) {
        this.timeMachine = timeMachine;
        this.queries = queries;
        this.pastMetadata = pastMetadata;
    }

    /** @param asOf null for now */
    @SuppressWarnings("unchecked")
    public UserSnapshot find(String userId, Instant asOf) {
        UserSnapshot user = timeMachine
                .at(userId, asOf)
                .orElseThrow(
                        () -> asOf == null ? new UnknownUserException(userId) : new UnknownUserException(userId, asOf));
        if (asOf != null) {
            return pastMetadata
                    .at(userId, asOf)
                    .map(then -> user.withPublicMetadata(then.value(), then.event()))
                    .orElse(user);
        }
        Map<String, Object> metadata = Queries.await(
                queries.query(new FindUserPublicMetadataQuery(userId), ResponseTypes.instanceOf(Map.class)));
        return user.withPublicMetadata(metadata, null);
    }
}
