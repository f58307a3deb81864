package io.dirsync.query.group;

import com.fasterxml.jackson.databind.JsonNode;
import io.dirsync.api.group.FindScimGroupQuery;
import io.dirsync.api.group.GroupState;
import io.dirsync.api.group.UnknownGroupException;
import io.dirsync.scim.ETags;
import io.dirsync.scim.ScimSchemas;
import io.dirsync.scim.query.AttributeSelection;
import io.dirsync.scim.query.ListRequest;
import io.dirsync.scim.query.ListResponses;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.Optional;

/**
 * SCIM reads on groups, with {@code attributes}/{@code excludedAttributes} applied as for users. A view without
 * members ({@code excludedAttributes=members}, or {@code attributes} not naming them) never reads the member table.
 */
@RestController
@RequestMapping("/scim/v2/{connectionId}/Groups")
public class GroupScimReadController {
    private static final MediaType SCIM_JSON = MediaType.parseMediaType(ScimSchemas.MEDIA_TYPE);

    private final ScimGroupProjection groups;
    private final ScimGroupSearch search;

    /** The read model is called directly, as in {@link ScimGroupSearch}. */
    public GroupScimReadController(ScimGroupProjection groups, ScimGroupSearch search) {
        this.groups = groups;
        this.search = search;
    }

    @GetMapping("/{groupId}")
    public ResponseEntity<JsonNode> get(
            @PathVariable String connectionId,
            @PathVariable String groupId,
            @RequestParam(required = false) String attributes,
            @RequestParam(required = false) String excludedAttributes) {
        AttributeSelection selection = AttributeSelection.of(attributes, excludedAttributes);
        boolean withMembers = selection.mayReturn(ScimGroupSearch.MEMBERS);
        Optional<GroupState> group = groups.handle(new FindScimGroupQuery(connectionId, groupId, withMembers));
        GroupState found = group.orElseThrow(() -> new UnknownGroupException(groupId));
        return ResponseEntity.ok()
                .eTag(ETags.of(found.version()))
                .location(URI.create(ScimGroupSearch.location(connectionId, groupId)))
                .contentType(SCIM_JSON)
                .body(selection.apply(search.write(found, withMembers)));
    }

    /** With or without a trailing slash: clients build the URL either way. */
    @GetMapping({"", "/"})
    public ResponseEntity<JsonNode> list(
            @PathVariable String connectionId,
            @RequestParam(required = false) String filter,
            @RequestParam(required = false) String startIndex,
            @RequestParam(required = false) String count,
            @RequestParam(required = false) String attributes,
            @RequestParam(required = false) String excludedAttributes) {
        return page(
                connectionId,
                ListRequest.fromQuery(filter, null, null, startIndex, count, attributes, excludedAttributes));
    }

    /** RFC 7644 section 3.4.3: the list's query in a SearchRequest body, read as the user search reads it. */
    @PostMapping("/.search")
    public ResponseEntity<JsonNode> search(
            @PathVariable String connectionId, @RequestBody(required = false) JsonNode body) {
        return page(connectionId, ListRequest.fromSearchRequest(body));
    }

    /** Groups are listed in one order (no sortBy). */
    private ResponseEntity<JsonNode> page(String connectionId, ListRequest request) {
        ListResponses.Page page = search.page(connectionId, request, request.startIndex(), request.count());
        return ResponseEntity.ok()
                .contentType(SCIM_JSON)
                .body(ListResponses.of(page.totalResults(), request.startIndex(), page.resources()));
    }
}
