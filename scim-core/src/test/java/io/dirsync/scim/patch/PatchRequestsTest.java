package io.dirsync.scim.patch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.api.connection.UnknownAttributes;
import io.dirsync.api.scim.PatchOperation;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimType;
import io.dirsync.scim.schema.SchemaCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class PatchRequestsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATCH_OP = "\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],";
    private final PatchRequests requests = new PatchRequests(JSON);
    private final PatchRequests userRequests =
            new PatchRequests(JSON, SchemaCatalog.get().users());

    static Stream<Arguments> malformedBodies() {
        return Stream.of(
                arguments("not an object", "[]", ScimType.invalidSyntax, "PatchOp"),
                arguments("a string", "\"replace\"", ScimType.invalidSyntax, "PatchOp"),
                arguments(
                        "no Operations",
                        "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"]}",
                        ScimType.invalidSyntax,
                        "Operations"),
                arguments(
                        "Operations null",
                        "{" + PATCH_OP + "\"Operations\":null}",
                        ScimType.invalidSyntax,
                        "Operations"),
                arguments(
                        "Operations not a list",
                        "{" + PATCH_OP + "\"Operations\":{\"op\":\"add\"}}",
                        ScimType.invalidSyntax,
                        "Operations"),
                arguments(
                        "Operations empty",
                        "{" + PATCH_OP + "\"Operations\":[]}",
                        ScimType.invalidSyntax,
                        "Operations"),
                arguments(
                        "an operation that is not an object",
                        "{" + PATCH_OP + "\"Operations\":[\"add\"]}",
                        ScimType.invalidSyntax,
                        "Operations[0]"),
                arguments(
                        "op missing",
                        "{" + PATCH_OP + "\"Operations\":[{\"path\":\"active\",\"value\":false}]}",
                        ScimType.invalidSyntax,
                        "Operations[0].op"),
                arguments(
                        "op null",
                        "{" + PATCH_OP + "\"Operations\":[{\"op\":null,\"path\":\"active\",\"value\":false}]}",
                        ScimType.invalidSyntax,
                        "Operations[0].op"),
                arguments(
                        "op a number",
                        "{" + PATCH_OP + "\"Operations\":[{\"op\":1,\"path\":\"active\",\"value\":false}]}",
                        ScimType.invalidSyntax,
                        "Operations[0].op"),
                arguments(
                        "op a list, in the second operation",
                        "{" + PATCH_OP
                                + "\"Operations\":[{\"op\":\"add\",\"path\":\"title\",\"value\":\"x\"},{\"op\":[\"add\"]}]}",
                        ScimType.invalidSyntax,
                        "Operations[1].op"),
                arguments(
                        "path a number",
                        "{" + PATCH_OP + "\"Operations\":[{\"op\":\"remove\",\"path\":3}]}",
                        ScimType.invalidPath,
                        "Operations[0].path"),
                arguments(
                        "path an object",
                        "{" + PATCH_OP + "\"Operations\":[{\"op\":\"remove\",\"path\":{\"attr\":\"emails\"}}]}",
                        ScimType.invalidPath,
                        "Operations[0].path"));
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
                arguments(
                        "Entra disable, string value", """
                        {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                         "Operations":[{"op":"Replace","path":"active","value":"False"}]}""", List.of(new PatchOperation("Replace", "active", "False"))),
                arguments(
                        "Okta deactivate, no path",
                        """
                        {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                         "Operations":[{"op":"replace","value":{"active":false}}]}""",
                        List.of(new PatchOperation("replace", null, Map.of("active", false)))),
                arguments(
                        "member lists and a remove without value, keys in any case",
                        """
                        {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                         "operations":[{"OP":"Add","Path":"members","Value":[{"$ref":null,"value":"u1"}]},
                                       {"op":"remove","path":"members[value eq \\"u2\\"]"}]}""",
                        List.of(
                                new PatchOperation("Add", "members", List.of(nullRefMember("u1"))),
                                new PatchOperation("remove", "members[value eq \"u2\"]", null))),
                arguments(
                        "explicit null path and value",
                        """
                        {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                         "Operations":[{"op":"remove","path":"title","value":null},{"op":"replace","path":null,"value":{"a":1}}]}""",
                        List.of(
                                new PatchOperation("remove", "title", null),
                                new PatchOperation("replace", null, Map.of("a", 1)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellFormedBodies")
    void readsOperationsAsSent(String name, String body, List<PatchOperation> expected) {
        assertThat(requests.read(json(body))).isEqualTo(expected);
    }

    /** An op name is checked before any resource is loaded, in any case; it is passed on as sent. */
    @Test
    void anUnknownOpIsInvalidSyntaxAndAKnownOneIsLeftAsSent() {
        ScimException e = catchThrowableOfType(
                () -> requests.read(json(
                        "{" + PATCH_OP + "\"Operations\":[{\"op\":\"Merge\",\"path\":\"title\",\"value\":\"x\"}]}")),
                ScimException.class);

        assertThat(e.scimType()).isEqualTo(ScimType.invalidSyntax);
        assertThat(e.getMessage()).contains("Operations[0]").contains("Merge");
        assertThat(requests.read(json(
                        "{" + PATCH_OP + "\"Operations\":[{\"op\":\"Replace\",\"path\":\"title\",\"value\":\"x\"}]}")))
                .containsExactly(new PatchOperation("Replace", "title", "x"));
    }

    /** RFC 7644 section 3.5.2: the body's schemas must name the PatchOp message; a User or nothing is refused. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}",
                "{\"schemas\":null,\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}",
                "{\"schemas\":[],\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}",
                "{\"schemas\":\"urn:ietf:params:scim:api:messages:2.0:PatchOp\",\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}",
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}",
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}"
            })
    void aBodyWhoseSchemasLackThePatchOpMessageIsInvalidSyntax(String body) {
        for (PatchRequests reader : List.of(requests, userRequests)) {
            ScimException e = catchThrowableOfType(() -> reader.read(json(body)), ScimException.class);

            assertThat(e).as("expected a ScimException").isNotNull();
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.scimType()).isEqualTo(ScimType.invalidSyntax);
            assertThat(e.getMessage()).contains("schemas").contains("urn:ietf:params:scim:api:messages:2.0:PatchOp");
        }
    }

    @Test
    void thePatchOpSchemaMatchesIgnoringCaseBesideOtherUris() {
        assertThat(requests.read(json("""
                {"schemas":["urn:example:x","URN:IETF:PARAMS:SCIM:API:MESSAGES:2.0:PATCHOP"],
                 "Operations":[{"op":"replace","path":"active","value":false}]}"""))).containsExactly(new PatchOperation("replace", "active", false));
    }

    static Stream<Arguments> undefinedUserPaths() {
        return Stream.of(
                arguments("an undefined attribute", """
                        {"op":"add","path":"favoriteColor","value":"x"}""", "favoriteColor"),
                arguments("a sub-attribute of a simple attribute", """
                        {"op":"replace","path":"userName.userName","value":"x"}""", "userName.userName"),
                arguments("a value filter on a single-valued attribute", """
                        {"op":"replace","path":"name[givenName eq \\"x\\"]","value":"x"}""", "name[givenName eq"),
                arguments("an undefined sub-attribute", """
                        {"op":"replace","path":"name.nickName","value":"x"}""", "name.nickName"),
                arguments("a path deeper than attribute.sub-attribute", """
                        {"op":"remove","path":"emails.value.x"}""", "emails.value.x"),
                arguments("an undefined enterprise attribute", """
                        {"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:shoeSize","value":"x"}""", "shoeSize"),
                arguments("a path that does not parse", """
                        {"op":"remove","path":"emails[type eq"}""", "emails[type eq"),
                arguments("a key of a path-less value", """
                        {"op":"add","value":{"favoriteColor":"x"}}""", "favoriteColor"),
                arguments("a dotted key of a path-less value", """
                        {"op":"replace","value":{"displayName":"ok","name.nickName":"x"}}""", "name.nickName"),
                arguments("a URN-qualified key of a path-less value", """
                        {"op":"replace","value":{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:shoeSize":"x"}}""", "shoeSize"),
                arguments("an undefined path in the second operation", """
                        {"op":"replace","path":"displayName","value":"ok"},{"op":"remove","path":"favoriteColor"}""", "favoriteColor"));
    }

    /** Checked before any user is loaded, so a bad path is a 400 whether or not the user exists. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("undefinedUserPaths")
    void aPathTheUserSchemaDoesNotDefineIsInvalidPath(String name, String operations, String detailMentions) {
        String body = "{" + PATCH_OP + "\"Operations\":[" + operations + "]}";

        ScimException e = catchThrowableOfType(() -> userRequests.read(json(body)), ScimException.class);

        assertThat(e).as("expected a ScimException").isNotNull();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.scimType()).isEqualTo(ScimType.invalidPath);
        assertThat(e.getMessage()).contains(detailMentions);
        assertThat(requests.read(json(body)))
                .as("without a schema the paths are not checked here")
                .isNotEmpty();
    }

    @Test
    void undefinedCoreAttributesPassWhenTheConnectionKeepsThem() {
        String body = "{" + PATCH_OP + "\"Operations\":[{\"op\":\"add\",\"path\":\"favoriteColor\",\"value\":\"x\"},"
                + "{\"op\":\"add\",\"value\":{\"shoeSize\":42}}]}";

        assertThat(userRequests.read(json(body), UnknownAttributes.KEEP))
                .containsExactly(
                        new PatchOperation("add", "favoriteColor", "x"),
                        new PatchOperation("add", null, Map.of("shoeSize", 42)));
    }

    static Stream<Arguments> definedUserPaths() {
        return Stream.of(
                arguments("Entra's filtered address sub-attribute", """
                        {"op":"Replace","path":"addresses[type eq \\"work\\"].locality","value":"City"}"""),
                arguments("any case", """
                        {"op":"replace","path":"PHONENUMBERS[type eq \\"mobile\\"].VALUE","value":"+1 555"}"""),
                arguments("Entra's unqualified manager", """
                        {"op":"Add","path":"manager","value":"m-1"}"""),
                arguments("a whole extension", """
                        {"op":"remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"}"""),
                arguments("an unknown extension's attribute", """
                        {"op":"add","path":"urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User:CustomAttribute","value":"x"}"""),
                arguments("a path-less value of core, dotted, URN keys and schemas/id/meta echoed", """
                        {"op":"replace","value":{"schemas":["x"],"id":"u1","meta":{},"title":"CEO","name.givenName":"A",
                          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Sales"},
                          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter":"cc"}}"""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("definedUserPaths")
    void pathsTheUserSchemaDefinesAreReadAsSent(String name, String operation) {
        List<PatchOperation> read = userRequests.read(json("{" + PATCH_OP + "\"Operations\":[" + operation + "]}"));

        JsonNode sent = json(operation);
        assertThat(read)
                .containsExactly(new PatchOperation(
                        sent.get("op").asText(),
                        sent.path("path").textValue(),
                        sent.has("value") ? JSON.convertValue(sent.get("value"), Object.class) : null));
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

    /** What the suites sent to ids that do not exist: refused here, so the answer does not depend on the id. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"op\":\"add\",\"path\":\"\",\"value\":10}",
                "{\"op\":\"replace\",\"value\":10}",
                "{\"op\":\"replace\",\"path\":\"userName\",\"value\":null}",
                "{\"op\":\"remove\",\"path\":\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:userName:userName\"}",
                "{\"op\":\"add\",\"path\":\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:userName:userName\",\"value\":1}"
            })
    void malformedOperationsAreRefusedBeforeAnyResourceIsLoaded(String operation) {
        ScimException e = catchThrowableOfType(
                () -> userRequests.read(json("{" + PATCH_OP + "\"Operations\":[" + operation + "]}")),
                ScimException.class);

        assertThat(e).as(operation).isNotNull();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.scimType()).isIn(ScimType.invalidValue, ScimType.invalidPath);
    }
}
