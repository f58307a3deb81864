package io.dirsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.utils.JsonUtils;
import io.dirsync.app.UserSchemaTable.Attribute;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Whether a SCIM resource holds what a client sent: the round trip the attribute contract checks after every write. */
final class ScimJsonAssertions {
    private ScimJsonAssertions() {}

    static void assertHolds(JsonNode resource, Attribute attribute, JsonNode sent, String step) {
        JsonNode actual = attribute.in(resource);
        assertThat(holds(actual, sent))
                .as(step + ": " + attribute + " should hold " + sent + " but is " + actual + " in " + resource)
                .isTrue();
    }

    /**
     * What a client sent is there: every field of an object (more may be, such as manager.$ref), every value of an
     * array and no other, in any order; simple values equal.
     */
    static boolean holds(JsonNode actual, JsonNode sent) {
        if (sent == null || sent.isNull()) {
            return actual == null || actual.isNull();
        }
        if (actual == null || actual.isNull()) {
            return false;
        }
        if (sent.isObject()) {
            if (!actual.isObject()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = sent.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!holds(actual.get(field.getKey()), field.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (sent.isArray()) {
            if (!actual.isArray() || actual.size() != sent.size()) {
                return false;
            }
            for (JsonNode value : sent) {
                if (!holdsOne(actual, value)) {
                    return false;
                }
            }
            return true;
        }
        if (sent.isNumber() && actual.isNumber()) {
            return sent.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        return actual.equals(sent);
    }

    static boolean holdsOne(JsonNode values, JsonNode sent) {
        for (JsonNode value : values) {
            if (holds(value, sent)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The one value at a SCIM path ({@code addresses[type eq "work"].locality}) in a resource, as an IdP reads it back;
     * evaluated by the UnboundID SDK, not by dirsync.
     */
    static JsonNode valueAt(JsonNode resource, String path) {
        try {
            List<JsonNode> matches = JsonUtils.findMatchingPaths(Path.fromString(path), (ObjectNode) resource).stream()
                    .filter(match -> !JsonUtils.isNullNodeOrEmptyArray(match))
                    .toList();
            assertThat(matches).as(path + " in " + resource).hasSizeLessThanOrEqualTo(1);
            return matches.isEmpty() ? null : matches.get(0);
        } catch (ScimException e) {
            throw new AssertionError(path + " does not evaluate: " + e.getMessage(), e);
        }
    }
}
