package io.dirsync.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.api.scim.PatchOperation;
import io.dirsync.scim.JsonAttributes;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimType;

import java.util.ArrayList;
import java.util.List;

/** Reads an RFC 7644 PatchOp request body into operations, rejecting shapes no IdP sends with invalidSyntax. */
public final class PatchRequests {
    private final ObjectMapper objectMapper;

    public PatchRequests(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    public List<PatchOperation> read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ScimException.badRequest(ScimType.invalidSyntax, "The request body must be a SCIM PatchOp JSON object");
        }
        JsonNode operations = JsonAttributes.get(body, "Operations");
        if (operations == null || !operations.isArray() || operations.isEmpty()) {
            throw ScimException.badRequest(ScimType.invalidSyntax, "A PatchOp needs a non-empty 'Operations' array");
        }
        List<PatchOperation> result = new ArrayList<>();
        for (int i = 0; i < operations.size(); i++) {
            JsonNode op = operations.get(i);
            String where = "Operations[" + i + "]";
            if (!op.isObject()) {
                throw ScimException.badRequest(ScimType.invalidSyntax, where + " must be an object");
            }
            JsonNode name = JsonAttributes.get(op, "op");
            JsonNode path = JsonAttributes.get(op, "path");
            if (name == null || !name.isTextual()) {
                throw ScimException.badRequest(ScimType.invalidSyntax, where + ".op must be a string");
            }
            if (path != null && !path.isTextual()) {
                throw ScimException.badRequest(ScimType.invalidPath, where + ".path must be a string");
            }
            JsonNode value = JsonAttributes.get(op, "value");
            result.add(new PatchOperation(name.asText(), path == null ? null : path.asText(),
                    value == null ? null : objectMapper.convertValue(value, Object.class)));
        }
        return result;
    }
}
