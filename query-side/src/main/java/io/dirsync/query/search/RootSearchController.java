package io.dirsync.query.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dirsync.query.group.ScimGroupSearch;
import io.dirsync.query.user.ScimUserSearch;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimSchemas;
import io.dirsync.scim.ScimType;
import io.dirsync.scim.query.ListRequest;
import io.dirsync.scim.query.ListResponses;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The query at the connection's root (RFC 7644 section 3.4.2.1: {@code GET /}, and {@code POST /.search}), across
 * resource types: the users the filter matches, then the groups, paged as one list. {@code sortBy} orders each type;
 * users always come first. A filter naming an attribute only one type has (userName, members.value) matches nothing
 * of the other type; a filter neither type can read is the client's error.
 */
@RestController
public class RootSearchController {
    private static final MediaType SCIM_JSON = MediaType.parseMediaType(ScimSchemas.MEDIA_TYPE);

    private final ScimUserSearch users;
    private final ScimGroupSearch groups;

    public RootSearchController(ScimUserSearch users, ScimGroupSearch groups) {
        this.users = users;
        this.groups = groups;
    }

    @GetMapping({"/scim/v2/{connectionId}", "/scim/v2/{connectionId}/"})
    public ResponseEntity<JsonNode> list(
            @PathVariable String connectionId,
            @RequestParam(required = false) String filter,
            @RequestParam(required = false) String sortBy,
            @RequestParam(required = false) String sortOrder,
            @RequestParam(required = false) String startIndex,
            @RequestParam(required = false) String count,
            @RequestParam(required = false) String attributes,
            @RequestParam(required = false) String excludedAttributes) {
        return search(
                connectionId,
                ListRequest.fromQuery(filter, sortBy, sortOrder, startIndex, count, attributes, excludedAttributes));
    }

    @PostMapping("/scim/v2/{connectionId}/.search")
    public ResponseEntity<JsonNode> search(
            @PathVariable String connectionId, @RequestBody(required = false) JsonNode body) {
        return search(connectionId, ListRequest.fromSearchRequest(body));
    }

    private ResponseEntity<JsonNode> search(String connectionId, ListRequest request) {
        int start = request.startIndex();
        int count = request.count();
        // users first: the part of the page they fill, then groups from where the users ended
        Part userPart = part(() -> users.page(connectionId, request, start, count));
        long usersTotal = userPart.page().totalResults();
        int groupStart = (int) Math.max(1, start - usersTotal);
        int groupCount = Math.max(0, count - userPart.page().resources().size());
        Part groupPart = part(() -> groups.page(connectionId, request, groupStart, groupCount));
        if (userPart.failure() != null && groupPart.failure() != null) {
            throw userPart.failure();
        }
        List<ObjectNode> resources = new ArrayList<>(userPart.page().resources());
        resources.addAll(groupPart.page().resources());
        return ResponseEntity.ok()
                .contentType(SCIM_JSON)
                .body(ListResponses.of(usersTotal + groupPart.page().totalResults(), start, resources));
    }

    /** One type's share of the page; a filter that type cannot read (invalidFilter) is no match for it. */
    private record Part(ListResponses.Page page, ScimException failure) {}

    private static Part part(Supplier<ListResponses.Page> page) {
        try {
            return new Part(page.get(), null);
        } catch (ScimException e) {
            if (e.scimType() != ScimType.invalidFilter) {
                throw e;
            }
            return new Part(new ListResponses.Page(0, List.of()), e);
        }
    }
}
