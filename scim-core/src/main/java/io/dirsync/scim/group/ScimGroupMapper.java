package io.dirsync.scim.group;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dirsync.api.connection.UnknownAttributes;
import io.dirsync.api.group.GroupState;
import io.dirsync.scim.ETags;
import io.dirsync.scim.JsonAttributes;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimSchemas;
import io.dirsync.scim.ScimType;
import io.dirsync.scim.schema.ResourceReader;
import io.dirsync.scim.schema.SchemaCatalog;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static io.dirsync.scim.JsonAttributes.invalid;
import static io.dirsync.scim.JsonAttributes.string;

/**
 * Between the SCIM Group resource (RFC 7643 section 4.2) and dirsync's group commands and state. A body is read
 * through the schema first ({@link ResourceReader}), as a user's is: undefined attributes and wrong types are 400.
 * Members are users only; their {@code $ref}, {@code display} and {@code type} are read-only and not stored.
 */
public final class ScimGroupMapper {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    public ScimGroupInput read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ScimException.badRequest(ScimType.invalidSyntax, "The request body must be a SCIM Group JSON object");
        }
        ObjectNode group =
                new ResourceReader(SchemaCatalog.get().groups(), UnknownAttributes.REJECT).read(body, "Group");
        String displayName = string(group, "displayName", "displayName");
        if (displayName == null || displayName.isBlank()) {
            throw invalid("displayName", "is required");
        }
        return new ScimGroupInput(
                displayName.trim(),
                string(group, "externalId", "externalId"),
                memberIds(JsonAttributes.get(group, "members"), "members"));
    }

    /** The user ids in a members value: an array of {"value": id} (or a single such object). */
    public static List<String> memberIds(JsonNode members, String path) {
        if (members == null) {
            return List.of();
        }
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode member : members.isArray() ? members : JSON.arrayNode().add(members)) {
            if (member.isNull()) {
                continue;
            }
            JsonNode value = member.isObject() ? JsonAttributes.get(member, "value") : member;
            if (value == null || !value.isTextual() || value.asText().isBlank()) {
                throw invalid(path, "entries need a 'value' with the member's user id");
            }
            ids.add(value.asText().trim());
        }
        return new ArrayList<>(ids);
    }

    /**
     * The full resource.
     *
     * @param withMembers false when the client excluded members: then the attribute is left out entirely
     */
    public ObjectNode write(GroupState group, String location, String usersBase, boolean withMembers) {
        ObjectNode node = JSON.objectNode();
        node.putArray("schemas").add(ScimSchemas.GROUP);
        node.put("id", group.groupId());
        if (group.externalId() != null) {
            node.put("externalId", group.externalId());
        }
        node.put("displayName", group.displayName());
        if (withMembers) {
            ArrayNode members = node.putArray("members");
            for (String userId : group.memberIds()) {
                ObjectNode member = members.addObject()
                        .put("value", userId)
                        .put("$ref", usersBase + "/" + userId)
                        .put("type", "User");
                String name = group.memberNames().get(userId);
                if (name != null) {
                    member.put("display", name);
                }
            }
        }
        ObjectNode meta = node.putObject("meta");
        meta.put("resourceType", "Group");
        meta.put("created", group.created().truncatedTo(ChronoUnit.MILLIS).toString());
        meta.put(
                "lastModified",
                group.lastModified().truncatedTo(ChronoUnit.MILLIS).toString());
        meta.put("location", location);
        meta.put("version", ETags.of(group.version()));
        return node;
    }
}
