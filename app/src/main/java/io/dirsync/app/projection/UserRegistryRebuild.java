package io.dirsync.app.projection;

import io.dirsync.api.user.UserProvisionedEvent;
import io.dirsync.command.user.JdbcUserRegistry;
import io.dirsync.query.rebuild.RebuildableReadModel;
import org.springframework.stereotype.Component;

/**
 * The command side's userName registry as a {@link RebuildableReadModel}, so {@link ReadModelRebuilds} rebuilds it one
 * user at a time like the SCIM read models. Here, in the app, because command-side and query-side do not see each other.
 * A user's only row is its registration: there are no dependent rows to clear.
 */
@Component
class UserRegistryRebuild implements RebuildableReadModel {
    private final JdbcUserRegistry registry;

    UserRegistryRebuild(JdbcUserRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String processingGroup() {
        return JdbcUserRegistry.PROCESSING_GROUP;
    }

    @Override
    public Class<?> creatingEvent() {
        return UserProvisionedEvent.class;
    }

    @Override
    public boolean lockMainRow(String userId) {
        return registry.lock(userId);
    }

    @Override
    public void deleteDependentRows(String userId) {}
}
