package io.dirsync.command.connection;

import io.dirsync.api.connection.DeletionPolicy;
import io.dirsync.api.connection.DeletionPolicyChangedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Each connection's deletion policy, for the User aggregate's DELETE handler (the policy belongs to another
 * aggregate). A subscribing processor keeps it in the transaction of the change, so the DELETE answered after a
 * policy change already follows it. No row: the default, deactivate.
 */
@Component
@ProcessingGroup(DeletionPolicies.PROCESSING_GROUP)
public class DeletionPolicies {
    public static final String PROCESSING_GROUP = "connection-deletion-policies";
    private final JdbcTemplate jdbc;

    public DeletionPolicies(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(DeletionPolicyChangedEvent event) {
        if (jdbc.update("UPDATE connection_deletion_policy SET policy = ? WHERE connection_id = ?", event.policy().name(),
                event.connectionId()) == 0) {
            jdbc.update("INSERT INTO connection_deletion_policy (connection_id, policy) VALUES (?, ?)", event.connectionId(),
                    event.policy().name());
        }
    }

    public DeletionPolicy of(String connectionId) {
        return jdbc.queryForList("SELECT policy FROM connection_deletion_policy WHERE connection_id = ?", String.class, connectionId)
                .stream().findFirst().map(DeletionPolicy::valueOf).orElse(DeletionPolicy.DEACTIVATE);
    }
}
