package io.dirsync.query.rolemapping;

import io.dirsync.api.rolemapping.ListRoleMappingsQuery;
import io.dirsync.api.rolemapping.RoleMapping;
import io.dirsync.api.rolemapping.RoleMappingsReplacedEvent;
import io.dirsync.query.rebuild.HeadRow;
import io.dirsync.query.rebuild.RebuildableReadModel;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Each connection's ordered role mappings, written with the change so the admin sees what was saved. Rebuildable one
 * connection at a time: its row in {@code connection_role_mapping_head}, written first, is the lock.
 */
@Component
@ProcessingGroup(RoleMappingProjection.PROCESSING_GROUP)
public class RoleMappingProjection implements RebuildableReadModel {
    public static final String PROCESSING_GROUP = "role-mappings";
    private final JdbcTemplate jdbc;
    private final HeadRow head;

    public RoleMappingProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.head = new HeadRow(jdbc, "connection_role_mapping_head", "connection_id");
    }

    @EventHandler
    void on(RoleMappingsReplacedEvent event) {
        head.write(event.connectionId());
        jdbc.update("DELETE FROM connection_role_mapping WHERE connection_id = ?", event.connectionId());
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < event.mappings().size(); i++) {
            rows.add(new Object[] {
                event.connectionId(),
                i,
                event.mappings().get(i).groupId(),
                event.mappings().get(i).role()
            });
        }
        jdbc.batchUpdate(
                "INSERT INTO connection_role_mapping (connection_id, position, group_id, role_key) VALUES (?, ?, ?, ?)",
                rows);
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
        return head.lock(connectionId);
    }

    @Override
    public void deleteDependentRows(String connectionId) {
        jdbc.update("DELETE FROM connection_role_mapping WHERE connection_id = ?", connectionId);
    }

    @QueryHandler
    public List<RoleMapping> handle(ListRoleMappingsQuery query) {
        return jdbc.query(
                "SELECT group_id, role_key FROM connection_role_mapping WHERE connection_id = ? ORDER BY position",
                (rs, i) -> new RoleMapping(rs.getString(1), rs.getString(2)),
                query.connectionId());
    }
}
