package io.dirsync.query.user;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dirsync.api.user.FindScimUserQuery;
import io.dirsync.api.user.ListScimUsersQuery;
import io.dirsync.api.user.UserPage;
import io.dirsync.api.user.UserState;
import io.dirsync.query.Queries;
import io.dirsync.scim.ETags;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimSchemas;
import io.dirsync.scim.user.ScimUserMapper;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.util.Optional;

/** SCIM reads on users, served from the {@link ScimUserProjection}. */
@RestController
@RequestMapping("/scim/v2/{connectionId}/Users")
public class UserScimReadController {
    private static final MediaType SCIM_JSON = MediaType.parseMediaType(ScimSchemas.MEDIA_TYPE);

    private final QueryGateway queries;
    private final ObjectMapper objectMapper;
    private final ScimUserMapper mapper;

    public UserScimReadController(QueryGateway queries, ObjectMapper objectMapper) {
        this.queries = queries;
        this.objectMapper = objectMapper;
        this.mapper = new ScimUserMapper(objectMapper);
    }

    @GetMapping("/{userId}")
    public ResponseEntity<JsonNode> get(@PathVariable String connectionId, @PathVariable String userId) {
        Optional<UserState> user = Queries.await(queries.query(new FindScimUserQuery(connectionId, userId),
                ResponseTypes.optionalInstanceOf(UserState.class)));
        UserState found = user.orElseThrow(() -> new ScimException(404, null, "User " + userId + " not found"));
        String location = location(connectionId, userId);
        return ResponseEntity.ok().eTag(ETags.of(found.version())).contentType(SCIM_JSON).body(mapper.write(found, location));
    }

    @GetMapping
    public ResponseEntity<JsonNode> list(@PathVariable String connectionId,
                                         @RequestParam(required = false) String filter,
                                         @RequestParam(required = false) String startIndex,
                                         @RequestParam(required = false) String count) {
        ListPaging paging = ListPaging.of(startIndex, count);
        UserPage page = Queries.await(queries.query(
                new ListScimUsersQuery(connectionId, filter, paging.startIndex(), paging.count()), UserPage.class));
        ObjectNode body = objectMapper.createObjectNode();
        body.putArray("schemas").add(ScimSchemas.LIST_RESPONSE);
        body.put("totalResults", page.totalResults());
        body.put("startIndex", paging.startIndex());
        // the number actually returned, not the count asked for: Okta's review rejects the latter
        body.put("itemsPerPage", page.users().size());
        ArrayNode resources = body.putArray("Resources");
        for (UserState user : page.users()) {
            resources.add(mapper.write(user, location(connectionId, user.userId())));
        }
        return ResponseEntity.ok().contentType(SCIM_JSON).body(body);
    }

    private static String location(String connectionId, String userId) {
        return ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/scim/v2/{connectionId}/Users/{userId}").buildAndExpand(connectionId, userId).toUriString();
    }
}
