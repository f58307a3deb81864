package io.dirsync.command.connection;

import io.dirsync.api.connection.DeletionPolicy;
import io.dirsync.api.connection.DeletionPolicyChangedEvent;
import io.dirsync.api.connection.UnknownAttributes;
import io.dirsync.api.connection.UnknownAttributesChangedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What each connection's SCIM writes follow, for the User aggregate and the SCIM write endpoints (the policies belong
 * to the Connection aggregate): the deletion policy and the treatment of undefined attributes. A subscribing processor
 * keeps them in the transaction of the change, so the request answered after a change already follows it. No row:
 * the defaults, deactivate and reject.
 */
@Component
@ProcessingGroup(ConnectionPolicies.PROCESSING_GROUP)
public class ConnectionPolicies {
    public static final String PROCESSING_GROUP = "connection-deletion-policies";
    private final JdbcTemplate jdbc;

    public ConnectionPolicies(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(DeletionPolicyChangedEvent event) {
        upsert(
                "connection_deletion_policy",
                "policy",
                event.connectionId(),
                event.policy().name());
    }

    @EventHandler
    void on(UnknownAttributesChangedEvent event) {
        upsert(
                "connection_unknown_attributes",
                "policy",
                event.connectionId(),
                event.policy().name());
    }

    public DeletionPolicy deletion(String connectionId) {
        return jdbc
                .queryForList(
                        "SELECT policy FROM connection_deletion_policy WHERE connection_id = ?",
                        String.class,
                        connectionId)
                .stream()
                .findFirst()
                .map(DeletionPolicy::valueOf)
                .orElse(DeletionPolicy.DEACTIVATE);
    }

    public UnknownAttributes unknownAttributes(String connectionId) {
        return jdbc
                .queryForList(
                        "SELECT policy FROM connection_unknown_attributes WHERE connection_id = ?",
                        String.class,
                        connectionId)
                .stream()
                .findFirst()
                .map(UnknownAttributes::valueOf)
                .orElse(UnknownAttributes.REJECT);
    }

    private void upsert(String table, String column, String connectionId, String value) {
        if (jdbc.update("UPDATE " + table + " SET " + column + " = ? WHERE connection_id = ?", value, connectionId)
                == 0) {
            jdbc.update("INSERT INTO " + table + " (connection_id, " + column + ") VALUES (?, ?)", connectionId, value);
        }
    }
}
