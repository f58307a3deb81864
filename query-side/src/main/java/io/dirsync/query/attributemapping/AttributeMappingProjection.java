package io.dirsync.query.attributemapping;

import io.dirsync.api.attributemapping.AttributeMapping;
import io.dirsync.api.attributemapping.AttributeMappingsReplacedEvent;
import io.dirsync.api.attributemapping.ListAttributeMappingsQuery;
import io.dirsync.query.rebuild.ConnectionMappingRows;
import io.dirsync.query.rebuild.RebuildableReadModel;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Each connection's attribute mappings, written with the change so the admin reads back what was saved. Rebuildable one
 * connection at a time: its row in {@code connection_attribute_mapping_head}, written first, is the lock.
 */
@Component
@ProcessingGroup(AttributeMappingProjection.PROCESSING_GROUP)
public class AttributeMappingProjection implements RebuildableReadModel {
    public static final String PROCESSING_GROUP = "attribute-mappings";
    private final ConnectionMappingRows rows;

    public AttributeMappingProjection(JdbcTemplate jdbc) {
        this.rows = new ConnectionMappingRows(jdbc, "connection_attribute_mapping", "scim_path", "metadata_key");
    }

    @EventHandler
    void on(AttributeMappingsReplacedEvent event) {
        rows.replace(event.connectionId(), event.mappings(), AttributeMapping::scimPath, AttributeMapping::attribute);
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
        return rows.lock(connectionId);
    }

    @Override
    public void deleteDependentRows(String connectionId) {
        rows.delete(connectionId);
    }

    @QueryHandler
    public List<AttributeMapping> handle(ListAttributeMappingsQuery query) {
        return rows.list(query.connectionId(), AttributeMapping::new);
    }
}
