package io.dirsync.app.projection;

import io.dirsync.api.connection.ConnectionCreatedEvent;
import io.dirsync.command.connection.ConnectionCredentials;
import io.dirsync.query.rebuild.RebuildableReadModel;
import org.springframework.stereotype.Component;

/**
 * Makes the command side's token digests ({@link ConnectionCredentials}) rebuildable like the query side's in-transaction
 * models: {@code POST /api/projections/connection-credentials/replay}. Assembled here, as the command side does not
 * know the query side's rebuild. Last use is not an event, so a rebuild forgets it until the token's next use.
 */
@Component
public class ConnectionCredentialsReadModel implements RebuildableReadModel {
    private final ConnectionCredentials credentials;

    public ConnectionCredentialsReadModel(ConnectionCredentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public String processingGroup() {
        return ConnectionCredentials.PROCESSING_GROUP;
    }

    @Override
    public Class<?> creatingEvent() {
        return ConnectionCreatedEvent.class;
    }

    @Override
    public boolean lockMainRow(String aggregateId) {
        return credentials.lockMainRow(aggregateId);
    }

    @Override
    public void deleteDependentRows(String aggregateId) {
        credentials.deleteTokens(aggregateId);
    }
}
