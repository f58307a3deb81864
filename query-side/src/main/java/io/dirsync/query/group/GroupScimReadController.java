package io.dirsync.query.group;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dirsync.api.group.FindScimGroupQuery;
import io.dirsync.api.group.GroupPage;
import io.dirsync.api.group.GroupState;
import io.dirsync.api.group.ListScimGroupsQuery;
import io.dirsync.query.Queries;
import io.dirsync.scim.ETags;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimLocations;
import io.dirsync.scim.ScimSchemas;
import io.dirsync.scim.group.ScimGroupMapper;
import io.dirsync.scim.query.AttributeSelection;
import io.dirsync.scim.query.ListRequest;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.util.Optional;

/**
 * SCIM reads on groups, with {@code attributes}/{@code excludedAttributes} applied as for users. A view without
 * members ({@code excludedAttributes=members}, or {@code attributes} not naming them) never reads the member table.
 */
@RestController
@RequestMapping("/scim/v2/{connectionId}/Groups")
public class GroupScimReadController {
    private static final MediaType SCIM_JSON = MediaType.parseMediaType(ScimSchemas.MEDIA_TYPE);
    private static final String MEMBERS = "members";

    private final QueryGateway queries;
    private final ObjectMapper objectMapper;
    private final ScimGroupMapper mapper = new ScimGroupMapper();

    public GroupScimReadController(QueryGateway queries, ObjectMapper objectMapper) {
        this.queries = queries;
        this.objectMapper = objectMapper;
    }

    @GetMapping("/{groupId}")
    public ResponseEntity<JsonNode> get(@PathVariable String connectionId, @PathVariable String groupId,
                                        @RequestParam(required = false) String attributes,
                                        @RequestParam(required = false) String excludedAttributes) {
        AttributeSelection selection = AttributeSelection.of(attributes, excludedAttributes);
        boolean withMembers = selection.mayReturn(MEMBERS);
        Optional<GroupState> group = Queries.await(queries.query(new FindScimGroupQuery(connectionId, groupId, withMembers),
                ResponseTypes.optionalInstanceOf(GroupState.class)));
        GroupState found = group.orElseThrow(() -> new ScimException(404, null, "Group " + groupId + " not found"));
        return ResponseEntity.ok().eTag(ETags.of(found.version())).contentType(SCIM_JSON)
                .body(selection.apply(mapper.write(found, location(connectionId, groupId), usersBase(connectionId), withMembers)));
    }

    @GetMapping
    public ResponseEntity<JsonNode> list(@PathVariable String connectionId,
                                         @RequestParam(required = false) String filter,
                                         @RequestParam(required = false) String startIndex,
                                         @RequestParam(required = false) String count,
                                         @RequestParam(required = false) String attributes,
                                         @RequestParam(required = false) String excludedAttributes) {
        return page(connectionId, ListRequest.fromQuery(filter, null, null, startIndex, count, attributes, excludedAttributes));
    }

    /** RFC 7644 section 3.4.3: the list's query in a SearchRequest body, read as the user search reads it. */
    @PostMapping("/.search")
    public ResponseEntity<JsonNode> search(@PathVariable String connectionId, @RequestBody(required = false) JsonNode body) {
        return page(connectionId, ListRequest.fromSearchRequest(body));
    }

    /** Groups are listed in one order (no sortBy); a view without members never reads the member rows. */
    private ResponseEntity<JsonNode> page(String connectionId, ListRequest request) {
        boolean withMembers = request.selection().mayReturn(MEMBERS);
        GroupPage page = Queries.await(queries.query(new ListScimGroupsQuery(connectionId, request.filter(), request.startIndex(),
                request.count(), withMembers), GroupPage.class));
        ObjectNode body = objectMapper.createObjectNode();
        body.putArray("schemas").add(ScimSchemas.LIST_RESPONSE);
        body.put("totalResults", page.totalResults());
        body.put("startIndex", request.startIndex());
        body.put("itemsPerPage", page.groups().size());
        ArrayNode resources = body.putArray("Resources");
        String usersBase = usersBase(connectionId);
        for (GroupState group : page.groups()) {
            resources.add(request.selection().apply(mapper.write(group, location(connectionId, group.groupId()), usersBase, withMembers)));
        }
        return ResponseEntity.ok().contentType(SCIM_JSON).body(body);
    }

    private static String location(String connectionId, String groupId) {
        return ScimLocations.group(ServletUriComponentsBuilder.fromCurrentContextPath().toUriString(), connectionId, groupId);
    }

    private static String usersBase(String connectionId) {
        return ScimLocations.users(ServletUriComponentsBuilder.fromCurrentContextPath().toUriString(), connectionId);
    }
}
