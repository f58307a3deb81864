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
import io.dirsync.query.user.ListPaging;
import io.dirsync.scim.ETags;
import io.dirsync.scim.JsonAttributes;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimLocations;
import io.dirsync.scim.ScimSchemas;
import io.dirsync.scim.group.MemberSelection;
import io.dirsync.scim.group.ScimGroupMapper;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SCIM reads on groups. With {@code excludedAttributes=members} the member table is not read at all. */
@RestController
@RequestMapping("/scim/v2/{connectionId}/Groups")
public class GroupScimReadController {
    private static final MediaType SCIM_JSON = MediaType.parseMediaType(ScimSchemas.MEDIA_TYPE);

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
        boolean withMembers = MemberSelection.includesMembers(attributes, excludedAttributes);
        Optional<GroupState> group = Queries.await(queries.query(new FindScimGroupQuery(connectionId, groupId, withMembers),
                ResponseTypes.optionalInstanceOf(GroupState.class)));
        GroupState found = group.orElseThrow(() -> new ScimException(404, null, "Group " + groupId + " not found"));
        return ResponseEntity.ok().eTag(ETags.of(found.version())).contentType(SCIM_JSON)
                .body(mapper.write(found, location(connectionId, groupId), usersBase(connectionId), withMembers));
    }

    @GetMapping
    public ResponseEntity<JsonNode> list(@PathVariable String connectionId,
                                         @RequestParam(required = false) String filter,
                                         @RequestParam(required = false) String startIndex,
                                         @RequestParam(required = false) String count,
                                         @RequestParam(required = false) String attributes,
                                         @RequestParam(required = false) String excludedAttributes) {
        ListPaging paging = ListPaging.of(startIndex, count);
        return page(connectionId, filter, paging.startIndex(), paging.count(), MemberSelection.includesMembers(attributes, excludedAttributes));
    }

    /**
     * RFC 7644 section 3.4.3: the list's query in a SearchRequest body. The body is read as the user search reads
     * it (schema, paging bounds, attribute lists), then answered as the same query in a URL would be.
     */
    @PostMapping("/.search")
    public ResponseEntity<JsonNode> search(@PathVariable String connectionId, @RequestBody(required = false) JsonNode body) {
        ListRequest request = ListRequest.fromSearchRequest(body);
        return page(connectionId, request.filter(), request.startIndex(), request.count(),
                MemberSelection.includesMembers(commaList(body, "attributes"), commaList(body, "excludedAttributes")));
    }

    private ResponseEntity<JsonNode> page(String connectionId, String filter, int startIndex, int count, boolean withMembers) {
        GroupPage page = Queries.await(queries.query(new ListScimGroupsQuery(connectionId, filter, startIndex, count, withMembers),
                GroupPage.class));
        ObjectNode body = objectMapper.createObjectNode();
        body.putArray("schemas").add(ScimSchemas.LIST_RESPONSE);
        body.put("totalResults", page.totalResults());
        body.put("startIndex", startIndex);
        body.put("itemsPerPage", page.groups().size());
        ArrayNode resources = body.putArray("Resources");
        String usersBase = usersBase(connectionId);
        for (GroupState group : page.groups()) {
            resources.add(mapper.write(group, location(connectionId, group.groupId()), usersBase, withMembers));
        }
        return ResponseEntity.ok().contentType(SCIM_JSON).body(body);
    }

    /** A SearchRequest's attribute list (an array, or one comma-separated string) as the query parameter spells it. */
    private static String commaList(JsonNode body, String field) {
        JsonNode value = JsonAttributes.get(body, field);
        if (value == null || value.isTextual()) {
            return value == null ? null : value.asText();
        }
        List<String> names = new ArrayList<>();
        value.forEach(name -> names.add(name.asText()));
        return String.join(",", names);
    }

    private static String location(String connectionId, String groupId) {
        return ScimLocations.group(ServletUriComponentsBuilder.fromCurrentContextPath().toUriString(), connectionId, groupId);
    }

    private static String usersBase(String connectionId) {
        return ScimLocations.users(ServletUriComponentsBuilder.fromCurrentContextPath().toUriString(), connectionId);
    }
}
