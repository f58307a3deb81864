package io.dirsync.query.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.dirsync.query.user.ScimUserSearch;
import io.dirsync.scim.ScimSchemas;
import io.dirsync.scim.query.ListRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /.search} at the connection's root (RFC 7644 section 3.4.3), which searches across resource types.
 * For now it searches Users only (groups have {@code POST /Groups/.search}): searching both must merge the two types
 * into one ListResponse, paging across the union, not just call the group search too.
 */
@RestController
public class RootSearchController {
    private static final MediaType SCIM_JSON = MediaType.parseMediaType(ScimSchemas.MEDIA_TYPE);

    private final ScimUserSearch users;

    public RootSearchController(ScimUserSearch users) {
        this.users = users;
    }

    @PostMapping("/scim/v2/{connectionId}/.search")
    public ResponseEntity<JsonNode> search(@PathVariable String connectionId, @RequestBody(required = false) JsonNode body) {
        return ResponseEntity.ok().contentType(SCIM_JSON).body(users.list(connectionId, ListRequest.fromSearchRequest(body)));
    }
}
