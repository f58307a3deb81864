package io.dirsync.query.rolemapping;

import io.dirsync.api.rolemapping.ListRoleMappingsQuery;
import io.dirsync.api.rolemapping.RoleMapping;
import io.dirsync.api.rolemapping.RoleMappingsReplacedEvent;
import io.dirsync.query.rebuild.ConnectionMappingRows;
import io.dirsync.query.rebuild.RebuildableReadModel;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Each connection's ordered role mappings, written with the change so the admin sees what was saved. Rebuildable one
 * connection at a time: its row in {@code connection_role_mapping_head}, written first, is the lock.
 */
@Component
@ProcessingGroup(RoleMappingProjection.PROCESSING_GROUP)
public class RoleMappingProjection implements RebuildableReadModel {
    public static final String PROCESSING_GROUP = "role-mappings";
    private final ConnectionMappingRows rows;

    public RoleMappingProjection(JdbcTemplate jdbc) {
        this.rows = new ConnectionMappingRows(jdbc, "connection_role_mapping", "group_id", "role_key");
    }

    @EventHandler
    void on(RoleMappingsReplacedEvent event) {
        rows.replace(event.connectionId(), event.mappings(), RoleMapping::groupId, RoleMapping::role);
    }

    @Override
    public String processingGroup() {
        return PROCESSING_GROUP;
    }

    @Override
    public Class<?> creatingEvent() {
        return RoleMappingsReplacedEvent.class;
    }

    @Override
    public boolean lockMainRow(String connectionId) {
        return rows.lock(connectionId);
    }

    @Override
    public void deleteDependentRows(String connectionId) {
        rows.delete(connectionId);
    }

    @QueryHandler
    public List<RoleMapping> handle(ListRoleMappingsQuery query) {
        return rows.list(query.connectionId(), RoleMapping::new);
    }
}
