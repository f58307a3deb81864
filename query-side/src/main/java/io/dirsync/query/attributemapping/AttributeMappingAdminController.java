package io.dirsync.query.attributemapping;

import io.dirsync.api.attributemapping.AttributeMapping;
import io.dirsync.api.attributemapping.FindUserPublicMetadataQuery;
import io.dirsync.api.attributemapping.ListAttributeMappingsQuery;
import io.dirsync.query.support.Queries;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/** Admin reads: a connection's attribute mappings and the publicMetadata they give a user. */
@RestController
public class AttributeMappingAdminController {
    private final QueryGateway queries;

    public AttributeMappingAdminController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/api/connections/{connectionId}/attribute-mappings")
    public List<AttributeMapping> attributeMappings(@PathVariable String connectionId) {
        return Queries.await(queries.query(
                new ListAttributeMappingsQuery(connectionId),
                ResponseTypes.multipleInstancesOf(AttributeMapping.class)));
    }

    /** The mapped values; they follow SCIM changes shortly after each write is answered. */
    @GetMapping("/api/users/{userId}/public-metadata")
    @SuppressWarnings("unchecked")
    public Map<String, Object> publicMetadata(@PathVariable String userId) {
        return Queries.await(
                queries.query(new FindUserPublicMetadataQuery(userId), ResponseTypes.instanceOf(Map.class)));
    }
}
