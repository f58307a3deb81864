package io.dirsync.query.user;

import com.fasterxml.jackson.databind.JsonNode;
import io.dirsync.api.user.FindScimUserQuery;
import io.dirsync.api.user.UnknownUserException;
import io.dirsync.api.user.UserState;
import io.dirsync.scim.ETags;
import io.dirsync.scim.ScimSchemas;
import io.dirsync.scim.query.AttributeSelection;
import io.dirsync.scim.query.ListRequest;
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
import java.util.List;
import java.util.Optional;

/** SCIM reads on users, served from the {@link ScimUserProjection}. */
@RestController
@RequestMapping("/scim/v2/{connectionId}/Users")
public class UserScimReadController {
    private static final MediaType SCIM_JSON = MediaType.parseMediaType(ScimSchemas.MEDIA_TYPE);

    private final ScimUserProjection users;
    private final ScimUserSearch search;

    /** The read model is called directly, as in {@link ScimUserSearch}. */
    public UserScimReadController(ScimUserProjection users, ScimUserSearch search) {
        this.users = users;
        this.search = search;
    }

    @GetMapping("/{userId}")
    public ResponseEntity<JsonNode> get(
            @PathVariable String connectionId,
            @PathVariable String userId,
            @RequestParam(required = false) String attributes,
            @RequestParam(required = false) String excludedAttributes) {
        AttributeSelection selection = AttributeSelection.of(attributes, excludedAttributes);
        Optional<UserState> user = users.handle(new FindScimUserQuery(connectionId, userId));
        UserState found = user.orElseThrow(() -> new UnknownUserException(userId));
        JsonNode body = selection.apply(search.render(
                found,
                search.groupsOf(connectionId, List.of(userId), selection),
                search.managerNames(connectionId, List.of(found))));
        return ResponseEntity.ok()
                .eTag(ETags.of(found.version()))
                .location(URI.create(ScimUserSearch.location(connectionId, userId)))
                .contentType(SCIM_JSON)
                .body(body);
    }

    /** With or without a trailing slash: clients build the URL either way. */
    @GetMapping({"", "/"})
    public ResponseEntity<JsonNode> list(
            @PathVariable String connectionId,
            @RequestParam(required = false) String filter,
            @RequestParam(required = false) String sortBy,
            @RequestParam(required = false) String sortOrder,
            @RequestParam(required = false) String startIndex,
            @RequestParam(required = false) String count,
            @RequestParam(required = false) String attributes,
            @RequestParam(required = false) String excludedAttributes) {
        ListRequest request =
                ListRequest.fromQuery(filter, sortBy, sortOrder, startIndex, count, attributes, excludedAttributes);
        return ResponseEntity.ok().contentType(SCIM_JSON).body(search.list(connectionId, request));
    }

    /** RFC 7644 section 3.4.3: the same query in a body, for filters too long or too sensitive for a URL. */
    @PostMapping("/.search")
    public ResponseEntity<JsonNode> search(
            @PathVariable String connectionId, @RequestBody(required = false) JsonNode body) {
        return ResponseEntity.ok()
                .contentType(SCIM_JSON)
                .body(search.list(connectionId, ListRequest.fromSearchRequest(body)));
    }
}
