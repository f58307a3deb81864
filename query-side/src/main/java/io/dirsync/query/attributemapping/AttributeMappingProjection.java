package io.dirsync.query.attributemapping;

import io.dirsync.api.attributemapping.AttributeMapping;
import io.dirsync.api.attributemapping.AttributeMappingsReplacedEvent;
import io.dirsync.api.attributemapping.ListAttributeMappingsQuery;
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
 * Each connection's attribute mappings, written with the change so the admin reads back what was saved. Rebuildable one
 * connection at a time: its row in {@code connection_attribute_mapping_head}, written first, is the lock.
 */
@Component
@ProcessingGroup(AttributeMappingProjection.PROCESSING_GROUP)
public class AttributeMappingProjection implements RebuildableReadModel {
    public static final String PROCESSING_GROUP = "attribute-mappings";
    private final JdbcTemplate jdbc;
    private final HeadRow head;

    public AttributeMappingProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.head = new HeadRow(jdbc, "connection_attribute_mapping_head", "connection_id");
    }

    @EventHandler
    void on(AttributeMappingsReplacedEvent event) {
        head.write(event.connectionId());
        jdbc.update("DELETE FROM connection_attribute_mapping WHERE connection_id = ?", event.connectionId());
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < event.mappings().size(); i++) {
            rows.add(new Object[] {
                event.connectionId(),
                i,
                event.mappings().get(i).scimPath(),
                event.mappings().get(i).attribute()
            });
        }
        jdbc.batchUpdate(
                "INSERT INTO connection_attribute_mapping (connection_id, position, scim_path, metadata_key) VALUES (?, ?, ?, ?)",
                rows);
    }

    @Override
    public String processingGroup() {
        return PROCESSING_GROUP;
    }

    @Override
    public Class<?> creatingEvent() {
        return AttributeMappingsReplacedEvent.class;
    }

    @Override
    public boolean lockMainRow(String connectionId) {
        return head.lock(connectionId);
    }

    @Override
    public void deleteDependentRows(String connectionId) {
        jdbc.update("DELETE FROM connection_attribute_mapping WHERE connection_id = ?", connectionId);
    }

    @QueryHandler
    public List<AttributeMapping> handle(ListAttributeMappingsQuery query) {
        return jdbc.query(
                "SELECT scim_path, metadata_key FROM connection_attribute_mapping WHERE connection_id = ? ORDER BY position",
                (rs, i) -> new AttributeMapping(rs.getString(1), rs.getString(2)),
                query.connectionId());
    }
}
