package io.dirsync.scim.group;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.api.scim.PatchOperation;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimType;
import io.dirsync.scim.patch.PatchDialectNormalizer;
import io.dirsync.scim.patch.PatchRequests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every group PATCH form of shared/idp-quirks.md (1.6 Entra ID, 2.6 Okta Push Groups), sent as JSON the way the IdP
 * sends it, applied to a group with members u1, u2 and u3. Membership comes out as deltas: only who joins or leaves.
 */
class GroupPatchEngineTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GROUP_ID = "g-1";
    private static final String NAME = "Engineering";
    private static final String EXTERNAL_ID = "ext-g-1";
    private static final List<String> MEMBERS = List.of("u1", "u2", "u3");

    private final GroupPatchEngine engine =
            new GroupPatchEngine(JSON, new PatchDialectNormalizer()); // as CommandSideConfiguration builds it
    private final PatchRequests requests = new PatchRequests(JSON);

    static Stream<Arguments> identityProviderPatches() {
        return Stream.of(
                // --- 1.6 Entra ID
                arguments(
                        "Entra rename: Replace displayName",
                        MEMBERS,
                        """
                        [{"op":"Replace","path":"displayName","value":"Engineering EMEA"}]""",
                        change("Engineering EMEA", EXTERNAL_ID, List.of(), List.of())),
                arguments(
                        "Entra Add members: a value list with \"$ref\": null",
                        MEMBERS,
                        """
                        [{"op":"Add","path":"members","value":[{"$ref":null,"value":"u4"},{"$ref":null,"value":"u5"}]}]""",
                        change(NAME, EXTERNAL_ID, List.of("u4", "u5"), List.of())),
                arguments(
                        "Entra Add members to a group created empty",
                        List.of(),
                        """
                        [{"op":"Add","path":"members","value":[{"$ref":null,"value":"u1"}]}]""",
                        change(NAME, EXTERNAL_ID, List.of("u1"), List.of())),
                arguments(
                        "Entra Remove members, default: a value list removes only the listed member",
                        MEMBERS,
                        """
                        [{"op":"Remove","path":"members","value":[{"$ref":null,"value":"u2"}]}]""",
                        change(NAME, EXTERNAL_ID, List.of(), List.of("u2"))),
                arguments(
                        "Entra Remove members: a value list of two removes those two",
                        MEMBERS,
                        """
                        [{"op":"Remove","path":"members","value":[{"$ref":null,"value":"u3"},{"$ref":null,"value":"u1"}]}]""",
                        change(NAME, EXTERNAL_ID, List.of(), List.of("u3", "u1"))),
                arguments(
                        "Entra remove members with the flag: members[value eq \"id\"]",
                        MEMBERS,
                        """
                        [{"op":"remove","path":"members[value eq \\"u2\\"]"}]""",
                        change(NAME, EXTERNAL_ID, List.of(), List.of("u2"))),
                // --- 2.6 Okta
                arguments(
                        "Okta rename: path-less replace carrying the group's own id",
                        MEMBERS,
                        """
                        [{"op":"replace","value":{"id":"g-1","displayName":"Eng"}}]""",
                        change("Eng", EXTERNAL_ID, List.of(), List.of())),
                arguments(
                        "Okta rename to the same name, sent with every membership update",
                        MEMBERS,
                        """
                        [{"op":"replace","value":{"id":"g-1","displayName":"Engineering"}}]""",
                        change(NAME, EXTERNAL_ID, List.of(), List.of())),
                arguments(
                        "Okta membership: filtered remove and add in one request",
                        MEMBERS,
                        """
                        [{"op":"remove","path":"members[value eq \\"u1\\"]"},
                         {"op":"add","path":"members","value":[{"value":"u4","display":"d@example.com"}]}]""",
                        change(NAME, EXTERNAL_ID, List.of("u4"), List.of("u1"))),
                arguments(
                        "Okta replace of the full member list",
                        MEMBERS,
                        """
                        [{"op":"replace","path":"members","value":[{"value":"u2"},{"value":"u4"}]}]""",
                        change(NAME, EXTERNAL_ID, List.of("u4"), List.of("u1", "u3"))),
                arguments(
                        "Okta replace with the same list changes nothing",
                        MEMBERS,
                        """
                        [{"op":"replace","path":"members","value":[{"value":"u3"},{"value":"u1"},{"value":"u2"}]}]""",
                        change(NAME, EXTERNAL_ID, List.of(), List.of())),
                arguments(
                        "Okta \"Push now\" of an empty group: replace with []",
                        MEMBERS,
                        """
                        [{"op":"replace","path":"members","value":[]}]""",
                        change(NAME, EXTERNAL_ID, List.of(), List.of("u1", "u2", "u3"))),
                arguments(
                        "Okta replace with [] on an empty group changes nothing",
                        List.of(),
                        """
                        [{"op":"replace","path":"members","value":[]}]""",
                        change(NAME, EXTERNAL_ID, List.of(), List.of())),
                arguments(
                        "Okta members without \"type\"",
                        MEMBERS,
                        """
                        [{"op":"add","path":"members","value":[{"value":"u4"}]}]""",
                        change(NAME, EXTERNAL_ID, List.of("u4"), List.of())),
                arguments(
                        "Okta members with \"display\" (and type User)",
                        MEMBERS,
                        """
                        [{"op":"add","path":"members","value":[{"value":"u4","display":"d@example.com","type":"User"}]}]""",
                        change(NAME, EXTERNAL_ID, List.of("u4"), List.of())),
                // --- op names, idempotent retries, RFC forms
                arguments(
                        "op names in any case", MEMBERS, """
                        [{"op":"ADD","path":"members","value":[{"value":"u4"}]},
                         {"op":"rEmOvE","path":"members[value eq \\"u1\\"]"},
                         {"op":"REPLACE","path":"displayName","value":"Eng"}]""", change("Eng", EXTERNAL_ID, List.of("u4"), List.of("u1"))),
                arguments(
                        "adding an existing member changes nothing",
                        MEMBERS,
                        """
                        [{"op":"add","path":"members","value":[{"value":"u1"}]}]""",
                        change(NAME, EXTERNAL_ID, List.of(), List.of())),
                arguments(
                        "removing a non-member by filter changes nothing",
                        MEMBERS,
                        """
                        [{"op":"remove","path":"members[value eq \\"u9\\"]"}]""",
                        change(NAME, EXTERNAL_ID, List.of(), List.of())),
                arguments(
                        "removing a non-member by value list changes nothing",
                        MEMBERS,
                        """
                        [{"op":"Remove","path":"members","value":[{"$ref":null,"value":"u9"}]}]""",
                        change(NAME, EXTERNAL_ID, List.of(), List.of())),
                arguments(
                        "the same member added twice in one value list is added once",
                        MEMBERS,
                        """
                        [{"op":"add","path":"members","value":[{"value":"u4"},{"value":"u4"}]}]""",
                        change(NAME, EXTERNAL_ID, List.of("u4"), List.of())),
                arguments(
                        "add then remove of a new member in one request changes nothing",
                        MEMBERS,
                        """
                        [{"op":"add","path":"members","value":[{"value":"u4"}]},{"op":"remove","path":"members[value eq \\"u4\\"]"}]""",
                        change(NAME, EXTERNAL_ID, List.of(), List.of())),
                arguments(
                        "remove then add of a member in one request changes nothing",
                        MEMBERS,
                        """
                        [{"op":"remove","path":"members[value eq \\"u2\\"]"},{"op":"add","path":"members","value":[{"value":"u2"}]}]""",
                        change(NAME, EXTERNAL_ID, List.of(), List.of())),
                arguments(
                        "remove members without a filter or value removes all",
                        MEMBERS,
                        """
                        [{"op":"remove","path":"members"}]""",
                        change(NAME, EXTERNAL_ID, List.of(), List.of("u1", "u2", "u3"))),
                arguments(
                        "remove all then add one",
                        MEMBERS,
                        """
                        [{"op":"remove","path":"members"},{"op":"add","path":"members","value":[{"value":"u2"},{"value":"u4"}]}]""",
                        change(NAME, EXTERNAL_ID, List.of("u4"), List.of("u1", "u3"))),
                arguments(
                        "members[value eq \"a\" or value eq \"b\"] removes both",
                        MEMBERS,
                        """
                        [{"op":"remove","path":"members[value eq \\"u1\\" or value eq \\"u3\\"]"}]""",
                        change(NAME, EXTERNAL_ID, List.of(), List.of("u1", "u3"))),
                arguments(
                        "a member filter on type removes every member",
                        MEMBERS,
                        """
                        [{"op":"remove","path":"members[type eq \\"User\\"]"}]""",
                        change(NAME, EXTERNAL_ID, List.of(), List.of("u1", "u2", "u3"))),
                arguments(
                        "path-less add of members", MEMBERS, """
                        [{"op":"add","value":{"members":[{"value":"u4"}]}}]""", change(NAME, EXTERNAL_ID, List.of("u4"), List.of())),
                arguments("externalId add", MEMBERS, """
                        [{"op":"add","path":"externalId","value":"ext-new"}]""", change(NAME, "ext-new", List.of(), List.of())),
                arguments("externalId replace", MEMBERS, """
                        [{"op":"Replace","path":"externalId","value":"ext-new"}]""", change(NAME, "ext-new", List.of(), List.of())),
                arguments("externalId path-less replace", MEMBERS, """
                        [{"op":"replace","value":{"externalId":"ext-new"}}]""", change(NAME, "ext-new", List.of(), List.of())),
                arguments("externalId remove", MEMBERS, """
                        [{"op":"remove","path":"externalId"}]""", change(NAME, null, List.of(), List.of())),
                arguments(
                        "a URN-qualified displayName path",
                        MEMBERS,
                        """
                        [{"op":"replace","path":"urn:ietf:params:scim:schemas:core:2.0:Group:displayName","value":"Eng"}]""",
                        change("Eng", EXTERNAL_ID, List.of(), List.of())),
                arguments(
                        "a URN-qualified members filter",
                        MEMBERS,
                        """
                        [{"op":"remove","path":"urn:ietf:params:scim:schemas:core:2.0:Group:members[value eq \\"u3\\"]"}]""",
                        change(NAME, EXTERNAL_ID, List.of(), List.of("u3"))),
                arguments(
                        "a path-less replace with a URN-qualified key",
                        MEMBERS,
                        """
                        [{"op":"replace","value":{"urn:ietf:params:scim:schemas:core:2.0:Group:displayName":"Eng"}}]""",
                        change("Eng", EXTERNAL_ID, List.of(), List.of())),
                arguments(
                        "attribute names in any case",
                        MEMBERS,
                        """
                        [{"op":"replace","path":"DISPLAYNAME","value":"Eng"},{"op":"add","path":"Members","value":[{"Value":"u4"}]}]""",
                        change("Eng", EXTERNAL_ID, List.of("u4"), List.of())),
                arguments(
                        "a single member object instead of a list to remove removes only that member",
                        MEMBERS,
                        """
                        [{"op":"Remove","path":"members","value":{"$ref":null,"value":"u2"}}]""",
                        change(NAME, EXTERNAL_ID, List.of(), List.of("u2"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("identityProviderPatches")
    void appliesWhatIdentityProvidersSend(String name, List<String> current, String operations, GroupChange expected) {
        Set<String> members = new LinkedHashSet<>(current);

        GroupChange change = engine.apply(GROUP_ID, NAME, EXTERNAL_ID, members, operations(operations));

        assertThat(change.displayName()).isEqualTo(expected.displayName());
        assertThat(change.externalId()).isEqualTo(expected.externalId());
        assertThat(change.addedMembers()).containsExactlyElementsOf(expected.addedMembers());
        assertThat(change.removedMembers()).containsExactlyElementsOf(expected.removedMembers());
        // the aggregate hands over its own member set: the engine must only read it
        assertThat(members).containsExactlyElementsOf(current);
    }

    static Stream<Arguments> rejectedPatches() {
        return Stream.of(
                arguments("Okta path-less replace with a different id", """
                        [{"op":"replace","value":{"id":"g-2","displayName":"Eng"}}]""", ScimType.mutability, "'id'"),
                arguments("remove displayName", """
                        [{"op":"remove","path":"displayName"}]""", ScimType.mutability, "displayName"),
                arguments("an unknown attribute, named with its operation", """
                        [{"op":"replace","path":"displayName","value":"Eng"},{"op":"add","path":"description","value":"x"}]""", ScimType.invalidPath, "Operations[1]"),
                arguments("an unknown attribute in a path-less value", """
                        [{"op":"replace","value":{"displayName":"Eng","description":"x"}}]""", ScimType.invalidPath, "Operations[0]"),
                arguments("removing an unknown attribute", """
                        [{"op":"remove","path":"description"}]""", ScimType.invalidPath, "Operations[0]"),
                arguments("a User attribute by URN", """
                        [{"op":"replace","path":"urn:ietf:params:scim:schemas:core:2.0:User:displayName","value":"Eng"}]""", ScimType.invalidPath, "Operations[0]"),
                arguments("add through a members filter", """
                        [{"op":"add","path":"members[value eq \\"u4\\"]","value":[{"value":"u4"}]}]""", ScimType.invalidPath, "Operations[0]"),
                arguments("replace through a members filter", """
                        [{"op":"replace","path":"members[value eq \\"u1\\"]","value":{"value":"u4"}}]""", ScimType.invalidPath, "Operations[0]"),
                arguments("remove of a member sub-attribute", """
                        [{"op":"remove","path":"members[value eq \\"u1\\"].display"}]""", ScimType.invalidPath, "Operations[0]"),
                arguments("a filter on a single-valued attribute", """
                        [{"op":"remove","path":"displayName[value eq \\"x\\"]"}]""", ScimType.invalidPath, "Operations[0]"),
                arguments("a path that does not parse", """
                        [{"op":"remove","path":"members[value eq"}]""", ScimType.invalidPath, "Operations[0]"),
                arguments("remove without a path", """
                        [{"op":"remove","value":{"members":[{"value":"u1"}]}}]""", ScimType.noTarget, "Operations[0]"),
                arguments("Remove (Entra casing) without a path", """
                        [{"op":"Remove"}]""", ScimType.noTarget, "Operations[0]"),
                arguments("an add member entry without a value", """
                        [{"op":"add","path":"members","value":[{"value":"u4"},{"display":"d@example.com"}]}]""", ScimType.invalidValue, "members"),
                arguments("a replace member entry without a value", """
                        [{"op":"replace","path":"members","value":[{"$ref":null}]}]""", ScimType.invalidValue, "members"),
                arguments("an Entra remove entry without a value", """
                        [{"op":"Remove","path":"members","value":[{"$ref":null}]}]""", ScimType.invalidValue, "Operations[0]"),
                arguments("a member value that is not a string", """
                        [{"op":"add","path":"members","value":[{"value":42}]}]""", ScimType.invalidValue, "members"),
                arguments(
                        "replace of members without a value does not clear the group",
                        """
                        [{"op":"replace","path":"members"}]""",
                        ScimType.invalidValue,
                        "Operations[0]"),
                arguments("add of members with a null value", """
                        [{"op":"add","path":"members","value":null}]""", ScimType.invalidValue, "Operations[0]"),
                arguments("a blank displayName", """
                        [{"op":"Replace","path":"displayName","value":"  "}]""", ScimType.invalidValue, "displayName"),
                arguments("a displayName that is not a string", """
                        [{"op":"Replace","path":"displayName","value":7}]""", ScimType.invalidValue, "displayName"),
                arguments("a path-less value that is not an object", """
                        [{"op":"replace","value":"Eng"}]""", ScimType.invalidValue, "Operations[0]"),
                arguments("an unknown op", """
                        [{"op":"Merge","path":"displayName","value":"Eng"}]""", ScimType.invalidSyntax, "Merge"),
                arguments(
                        "a valid op before an invalid one does not rescue it",
                        """
                        [{"op":"add","path":"members","value":[{"value":"u4"}]},{"op":"remove","path":"displayName"}]""",
                        ScimType.mutability,
                        "Operations[1]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedPatches")
    void rejectsWithA400AndTheScimType(String name, String operations, ScimType scimType, String detailMentions) {
        Set<String> members = new LinkedHashSet<>(MEMBERS);

        ScimException e = catchThrowableOfType(
                () -> engine.apply(GROUP_ID, NAME, EXTERNAL_ID, members, operations(operations)), ScimException.class);

        assertThat(e).as("expected a ScimException").isNotNull();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.scimType()).isEqualTo(scimType);
        assertThat(e.getMessage()).contains(detailMentions);
        assertThat(members).containsExactlyElementsOf(MEMBERS);
    }

    @Test
    void anEmptyOperationListIsRefused() {
        ScimException e = catchThrowableOfType(
                () -> engine.apply(GROUP_ID, NAME, EXTERNAL_ID, Set.copyOf(MEMBERS), List.of()), ScimException.class);

        assertThat(e).isNotNull();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.scimType()).isEqualTo(ScimType.invalidValue);
    }

    @Test
    void addingOneMemberToALargeGroupIsADeltaOfOne() {
        Set<String> large = new LinkedHashSet<>();
        IntStream.range(0, 50_000).forEach(i -> large.add("user-" + i));

        GroupChange change = engine.apply(GROUP_ID, NAME, EXTERNAL_ID, large, operations("""
                [{"op":"remove","path":"members[value eq \\"user-17\\"]"},
                 {"op":"add","path":"members","value":[{"value":"user-new"},{"value":"user-42"}]}]"""));

        assertThat(change.addedMembers()).containsExactly("user-new");
        assertThat(change.removedMembers()).containsExactly("user-17");
    }

    private static GroupChange change(String displayName, String externalId, List<String> added, List<String> removed) {
        return new GroupChange(displayName, externalId, added, removed);
    }

    private List<PatchOperation> operations(String operations) {
        try {
            return requests.read(JSON.readTree("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                    + "\"Operations\":" + operations + "}"));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(operations, e);
        }
    }
}
