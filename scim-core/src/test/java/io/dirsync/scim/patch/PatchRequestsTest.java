package io.dirsync.scim.patch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.api.scim.PatchOperation;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class PatchRequestsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PatchRequests requests = new PatchRequests(JSON);

    static Stream<Arguments> malformedBodies() {
        return Stream.of(
                arguments("not an object", "[]", ScimType.invalidSyntax, "PatchOp"),
                arguments("a string", "\"replace\"", ScimType.invalidSyntax, "PatchOp"),
                arguments("no Operations", "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"]}",
                        ScimType.invalidSyntax, "Operations"),
                arguments("Operations null", "{\"Operations\":null}", ScimType.invalidSyntax, "Operations"),
                arguments("Operations not a list", "{\"Operations\":{\"op\":\"add\"}}", ScimType.invalidSyntax, "Operations"),
                arguments("Operations empty", "{\"Operations\":[]}", ScimType.invalidSyntax, "Operations"),
                arguments("an operation that is not an object", "{\"Operations\":[\"add\"]}", ScimType.invalidSyntax,
                        "Operations[0]"),
                arguments("op missing", "{\"Operations\":[{\"path\":\"active\",\"value\":false}]}", ScimType.invalidSyntax,
                        "Operations[0].op"),
                arguments("op null", "{\"Operations\":[{\"op\":null,\"path\":\"active\",\"value\":false}]}",
                        ScimType.invalidSyntax, "Operations[0].op"),
                arguments("op a number", "{\"Operations\":[{\"op\":1,\"path\":\"active\",\"value\":false}]}",
                        ScimType.invalidSyntax, "Operations[0].op"),
                arguments("op a list, in the second operation",
                        "{\"Operations\":[{\"op\":\"add\",\"path\":\"title\",\"value\":\"x\"},{\"op\":[\"add\"]}]}",
                        ScimType.invalidSyntax, "Operations[1].op"),
                arguments("path a number", "{\"Operations\":[{\"op\":\"remove\",\"path\":3}]}", ScimType.invalidPath,
                        "Operations[0].path"),
                arguments("path an object", "{\"Operations\":[{\"op\":\"remove\",\"path\":{\"attr\":\"emails\"}}]}",
                        ScimType.invalidPath, "Operations[0].path"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void rejectsShapesNoIdentityProviderSends(String name, String body, ScimType scimType, String detailMentions) {
        ScimException e = catchThrowableOfType(() -> requests.read(json(body)), ScimException.class);

        assertThat(e).as("expected a ScimException").isNotNull();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.scimType()).isEqualTo(scimType);
        assertThat(e.getMessage()).contains(detailMentions);
    }

    @Test
    void rejectsAMissingBody() {
        ScimException e = catchThrowableOfType(() -> requests.read(null), ScimException.class);

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.scimType()).isEqualTo(ScimType.invalidSyntax);
    }

    static Stream<Arguments> wellFormedBodies() {
        return Stream.of(
                arguments("Entra disable, string value", """
                        {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                         "Operations":[{"op":"Replace","path":"active","value":"False"}]}""",
                        List.of(new PatchOperation("Replace", "active", "False"))),
                arguments("Okta deactivate, no path", """
                        {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                         "Operations":[{"op":"replace","value":{"active":false}}]}""",
                        List.of(new PatchOperation("replace", null, Map.of("active", false)))),
                arguments("member lists and a remove without value, keys in any case", """
                        {"operations":[{"OP":"Add","Path":"members","Value":[{"$ref":null,"value":"u1"}]},
                                       {"op":"remove","path":"members[value eq \\"u2\\"]"}]}""",
                        List.of(new PatchOperation("Add", "members", List.of(nullRefMember("u1"))),
                                new PatchOperation("remove", "members[value eq \"u2\"]", null))),
                arguments("explicit null path and value", """
                        {"Operations":[{"op":"remove","path":"title","value":null},{"op":"replace","path":null,"value":{"a":1}}]}""",
                        List.of(new PatchOperation("remove", "title", null),
                                new PatchOperation("replace", null, Map.of("a", 1)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellFormedBodies")
    void readsOperationsAsSent(String name, String body, List<PatchOperation> expected) {
        assertThat(requests.read(json(body))).isEqualTo(expected);
    }

    /** Op names are not checked here: the applier reports an unknown op, with the same 400 invalidSyntax. */
    @Test
    void leavesTheOpNameAsSent() {
        assertThat(requests.read(json("{\"Operations\":[{\"op\":\"Merge\",\"path\":\"title\",\"value\":\"x\"}]}")))
                .containsExactly(new PatchOperation("Merge", "title", "x"));
    }

    private static Map<String, Object> nullRefMember(String id) {
        Map<String, Object> member = new java.util.LinkedHashMap<>();
        member.put("$ref", null);
        member.put("value", id);
        return member;
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
