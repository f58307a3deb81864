package io.dirsync.scim.patch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dirsync.api.scim.PatchOperation;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** PatchApplier with the dialect normalizer, on plain documents (a group-like {@code members} list). */
class PatchApplierTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PatchRequests requests = new PatchRequests(JSON);
    private final PatchApplier applier = new PatchApplier(JSON, new PatchDialectNormalizer());

    static Stream<Arguments> memberChanges() {
        return Stream.of(
                arguments(
                        "Entra default: remove with a value list removes only the listed member",
                        "{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"a\"}]}",
                        List.of("b", "c")),
                arguments(
                        "Entra default, with $ref null, two members",
                        "{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"$ref\":null,\"value\":\"a\"},{\"$ref\":null,\"value\":\"c\"}]}",
                        List.of("b")),
                arguments(
                        "Entra with flag / Okta: filtered remove",
                        "{\"op\":\"remove\",\"path\":\"members[value eq \\\"b\\\"]\"}",
                        List.of("a", "c")),
                arguments(
                        "Entra add of members",
                        "{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"$ref\":null,\"value\":\"d\"}]}",
                        List.of("a", "b", "c", "d")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("memberChanges")
    void changesOnlyTheNamedMembers(String name, String operation, List<String> expectedMembers) {
        ObjectNode group = groupWithMembers("a", "b", "c");

        applier.apply(group, operations(operation));

        assertThat(memberIds(group)).containsExactlyElementsOf(expectedMembers);
        assertThat(group.get("displayName").asText()).isEqualTo("Engineering");
    }

    @Test
    void aMemberIdWithQuotesIsRemovedLiterally() {
        ObjectNode group = groupWithMembers("a\"b", "c");

        applier.apply(group, List.of(new PatchOperation("Remove", "members", List.of(Map.of("value", "a\"b")))));

        assertThat(memberIds(group)).containsExactly("c");
    }

    /** RFC 7644 3.5.2.1: add onto a single-valued attribute replaces it, also when reached through a value filter. */
    @Test
    void anAddThroughAFilterOntoAnExistingValueReplacesOnlyThatValue() {
        ObjectNode user = (ObjectNode) json("""
                {"emails":[{"value":"a@x.io","type":"work"},{"value":"a@home.io","type":"home"}]}""");

        applier.apply(user, operations("""
                {"op":"Add","path":"emails[type eq \\"work\\"].value","value":"b@x.io"}"""));

        assertThat(json(user.toString())).isEqualTo(json("""
                {"emails":[{"value":"b@x.io","type":"work"},{"value":"a@home.io","type":"home"}]}"""));
    }

    /** UnboundID builds the new value as its own (case-ignoring) node type, so the document is compared re-read. */
    @Test
    void anAddThroughAFilterThatMatchesNothingCreatesTheValue() {
        ObjectNode user = (ObjectNode) json("""
                {"emails":[{"value":"a@home.io","type":"home"}]}""");

        applier.apply(user, operations("""
                {"op":"add","path":"emails[type eq \\"work\\"].value","value":"b@x.io"}"""));

        assertThat(json(user.toString())).isEqualTo(json("""
                {"emails":[{"value":"a@home.io","type":"home"},{"value":"b@x.io","type":"work"}]}"""));
    }

    static Stream<Arguments> rejectedOperations() {
        return Stream.of(
                arguments("unknown op", new PatchOperation("Merge", "displayName", "x"), ScimType.invalidSyntax, "op"),
                arguments("blank op", new PatchOperation(" ", "displayName", "x"), ScimType.invalidSyntax, "op"),
                arguments("remove without path", new PatchOperation("remove", null, null), ScimType.noTarget, "path"),
                arguments(
                        "add without value",
                        new PatchOperation("add", "displayName", null),
                        ScimType.invalidValue,
                        "value"),
                arguments(
                        "path-less replace with a non-object value",
                        new PatchOperation("replace", null, "x"),
                        ScimType.invalidValue,
                        "object"),
                arguments(
                        "unparsable path",
                        new PatchOperation("remove", "members[value eq", null),
                        ScimType.invalidPath,
                        "members[value eq"),
                arguments(
                        "value-list remove entry without value",
                        new PatchOperation("Remove", "members", List.of(Map.of("display", "a"))),
                        ScimType.invalidValue,
                        "value"),
                // found by PatchFuzzTest: UnboundID reads it as the root and failed with a NullPointerException
                arguments(
                        "a path of a control character names no attribute",
                        new PatchOperation("add", "\u0000", "x"),
                        ScimType.invalidPath,
                        "names no attribute"),
                // found by PatchFuzzTest: UnboundID failed with a NullPointerException here
                arguments(
                        "remove through a path UnboundID reads as a filter without attribute",
                        new PatchOperation("remove", "mem\u0000ers[not (title pr)]", null),
                        ScimType.invalidPath,
                        "cannot be used for remove"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedOperations")
    void rejectsWithA400AndTheScimType(
            String name, PatchOperation operation, ScimType scimType, String detailMentions) {
        ObjectNode group = groupWithMembers("a", "b");

        ScimException e = catchThrowableOfType(() -> applier.apply(group, List.of(operation)), ScimException.class);

        assertThat(e).as("expected a ScimException").isNotNull();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.scimType()).isEqualTo(scimType);
        assertThat(e.getMessage()).contains("Operations[0]").contains(detailMentions);
    }

    @Test
    void rejectsAPatchWithoutOperations() {
        ScimException e =
                catchThrowableOfType(() -> applier.apply(groupWithMembers("a"), List.of()), ScimException.class);

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.scimType()).isEqualTo(ScimType.invalidValue);
    }

    private List<PatchOperation> operations(String... operations) {
        try {
            return requests.read(
                    JSON.readTree("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":["
                            + String.join(",", operations) + "]}"));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static ObjectNode groupWithMembers(String... ids) {
        ObjectNode group = JSON.createObjectNode();
        group.put("displayName", "Engineering");
        ArrayNode members = group.putArray("members");
        for (String id : ids) {
            members.addObject().put("value", id);
        }
        return group;
    }

    private static List<String> memberIds(ObjectNode group) {
        List<String> ids = new ArrayList<>();
        JsonNode members = group.get("members");
        if (members != null) {
            members.forEach(member -> ids.add(member.get("value").asText()));
        }
        return ids;
    }
}
