package io.dirsync.scim.query;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dirsync.scim.ScimSchemas;

import java.util.List;

/** The RFC 7644 section 3.4.2 ListResponse envelope. */
public final class ListResponses {
    private ListResponses() {}

    /** One page of rendered resources and the total the list holds. */
    public record Page(long totalResults, List<ObjectNode> resources) {}

    public static ObjectNode of(long totalResults, int startIndex, List<ObjectNode> resources) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("schemas").add(ScimSchemas.LIST_RESPONSE);
        body.put("totalResults", totalResults);
        body.put("startIndex", startIndex);
        // the number actually returned, not the count asked for: Okta's review rejects the latter
        body.put("itemsPerPage", resources.size());
        body.putArray("Resources").addAll(resources);
        return body;
    }
}
