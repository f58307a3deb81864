package io.dirsync.scim.user;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.types.AttributeDefinition;
import io.dirsync.api.connection.UnknownAttributes;
import io.dirsync.api.scim.PatchOperation;
import io.dirsync.api.user.UserProfile;
import io.dirsync.api.user.UserState;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimSchemas;
import io.dirsync.scim.ScimType;
import io.dirsync.scim.patch.PatchApplier;
import io.dirsync.scim.patch.PatchDialectNormalizer;
import io.dirsync.scim.patch.PatchRequests;
import io.dirsync.scim.schema.ResourceSchema;
import io.dirsync.scim.schema.SchemaCatalog;
import io.dirsync.scim.schema.SchemaValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * RFC 7644 section 3.5.2 semantics of a user PATCH against the whole User schema: what Entra ID and Okta send for
 * attributes beyond the ones dirsync acts on, whole-extension paths, unassigning, duplicates and primary values.
 * Profiles are written as the SCIM documents they are; results are compared as documents.
 */
class UserPatchSemanticsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ResourceSchema USERS = SchemaCatalog.get().users();
    private static final String ENTERPRISE = ScimSchemas.ENTERPRISE_USER;
    private static final String CUSTOM = ScimSchemas.CUSTOM_USER;
    private static final String LOCATION = "https://dirsync.example/scim/v2/c1/Users/u1";

    /** A user with a work and a home address, a mobile and a work phone, and the enterprise extension. */
    private static final String ALICE = """
            {"userName":"alice@contoso.com","name":{"givenName":"Alice","familyName":"Doe"},"title":"Engineer",
             "emails":[{"value":"alice@contoso.com","type":"work","primary":true},{"value":"alice@home.example","type":"home"}],
             "phoneNumbers":[{"value":"+1 555 0100","type":"mobile"},{"value":"+1 555 0199","type":"work"}],
             "addresses":[{"type":"work","streetAddress":"1 Main St","locality":"Springfield","country":"US"},
                          {"type":"home","locality":"Shelbyville"}],
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"R&D","costCenter":"CC-1",
               "manager":{"value":"m-1"}}}""";
    /** Only what dirsync requires. */
    private static final String BOB = """
            {"userName":"bob@contoso.com","emails":[{"value":"bob@contoso.com","type":"work","primary":true}]}""";

    private final ScimUserMapper mapper = new ScimUserMapper(JSON);
    private final UserPatchEngine engine =
            new UserPatchEngine(mapper, new PatchApplier(JSON, new PatchDialectNormalizer(), USERS));
    private final PatchRequests requests = new PatchRequests(JSON, USERS);

    static Stream<Arguments> patches() {
        return Stream.of(
                // --- Entra's filtered address update
                arguments(
                        "Entra Replace of the work address locality changes only that sub-attribute", ALICE, """
                        [{"op":"Replace","path":"addresses[type eq \\"work\\"].locality","value":"City"}]""", """
                        {"addresses":[{"type":"work","streetAddress":"1 Main St","locality":"City","country":"US"},
                                      {"type":"home","locality":"Shelbyville"}]}"""),
                arguments(
                        "Entra Add of the work address locality creates the work address when there is none",
                        BOB,
                        """
                        [{"op":"Add","path":"addresses[type eq \\"work\\"].locality","value":"City"}]""",
                        """
                        {"addresses":[{"type":"work","locality":"City"}]}"""),
                arguments("Entra Add of the work address locality replaces an existing one", ALICE, """
                        [{"op":"Add","path":"addresses[type eq \\"work\\"].locality","value":"City"}]""", """
                        {"addresses":[{"type":"work","streetAddress":"1 Main St","locality":"City","country":"US"},
                                      {"type":"home","locality":"Shelbyville"}]}"""),
                // --- mobile phone
                arguments("replace of the mobile number", ALICE, """
                        [{"op":"replace","path":"phoneNumbers[type eq \\"mobile\\"].value","value":"+1 555 0111"}]""", """
                        {"phoneNumbers":[{"value":"+1 555 0111","type":"mobile"},{"value":"+1 555 0199","type":"work"}]}"""),
                arguments("add of the mobile number onto an existing one replaces it", ALICE, """
                        [{"op":"Add","path":"phoneNumbers[type eq \\"mobile\\"].value","value":"+1 555 0111"}]""", """
                        {"phoneNumbers":[{"value":"+1 555 0111","type":"mobile"},{"value":"+1 555 0199","type":"work"}]}"""),
                arguments("add of the mobile number creates it when there is none", BOB, """
                        [{"op":"Add","path":"phoneNumbers[type eq \\"mobile\\"].value","value":"+1 555 0111"}]""", """
                        {"phoneNumbers":[{"value":"+1 555 0111","type":"mobile"}]}"""),
                arguments(
                        "remove of the mobile number drops the mobile phone, which has no value left", ALICE, """
                        [{"op":"Remove","path":"phoneNumbers[type eq \\"mobile\\"].value"}]""", """
                        {"phoneNumbers":[{"value":"+1 555 0199","type":"work"}]}"""),
                arguments("remove of the mobile phone", ALICE, """
                        [{"op":"remove","path":"phoneNumbers[type eq \\"mobile\\"]"}]""", """
                        {"phoneNumbers":[{"value":"+1 555 0199","type":"work"}]}"""),
                arguments("remove of a mobile number the user does not have changes nothing", BOB, """
                        [{"op":"remove","path":"phoneNumbers[type eq \\"mobile\\"].value"}]""", "{}"),
                // --- the enterprise extension as a whole
                arguments("add at the enterprise URN merges into the extension", ALICE, """
                        [{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                          "value":{"department":"Sales","employeeNumber":"701984"}}]""", """
                        {"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Sales","costCenter":"CC-1",
                          "manager":{"value":"m-1"},"employeeNumber":"701984"}}"""),
                arguments("add at the enterprise URN creates the extension", BOB, """
                        [{"op":"Add","path":"URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER",
                          "value":{"Department":"Sales","manager":"m-2"}}]""", """
                        {"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Sales","manager":{"value":"m-2"}}}"""),
                arguments("replace at the enterprise URN sets the extension to exactly the value", ALICE, """
                        [{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                          "value":{"division":"EMEA"}}]""", """
                        {"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"division":"EMEA"}}"""),
                arguments("remove at the enterprise URN drops the extension", ALICE, """
                        [{"op":"remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"}]""", """
                        {"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":null}"""),
                arguments("replace of the enterprise URN with null drops the extension", ALICE, """
                        [{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","value":null}]""", """
                        {"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":null}"""),
                arguments("replace at the custom URN sets the open extension", ALICE, """
                        [{"op":"replace","path":"urn:dirsync:scim:schemas:extension:custom:2.0:User","value":{"badge":7}}]""", """
                        {"urn:dirsync:scim:schemas:extension:custom:2.0:User":{"badge":7}}"""),
                // --- unassigning: null and [] are the unassigned state (RFC 7643 section 2.5)
                arguments("replace of a simple attribute with null", ALICE, """
                        [{"op":"replace","path":"title","value":null}]""", """
                        {"title":null}"""),
                arguments("replace of a simple attribute with []", ALICE, """
                        [{"op":"replace","path":"title","value":[]}]""", """
                        {"title":null}"""),
                arguments("replace of a multi-valued attribute with []", ALICE, """
                        [{"op":"Replace","path":"phoneNumbers","value":[]}]""", """
                        {"phoneNumbers":null}"""),
                arguments("replace of a multi-valued attribute with null", ALICE, """
                        [{"op":"replace","path":"addresses","value":null}]""", """
                        {"addresses":null}"""),
                arguments("replace of a complex attribute with null", ALICE, """
                        [{"op":"replace","path":"name","value":null}]""", """
                        {"name":null}"""),
                arguments("replace of a sub-attribute with null", ALICE, """
                        [{"op":"replace","path":"name.givenName","value":null}]""", """
                        {"name":{"familyName":"Doe"}}"""),
                arguments("replace of an enterprise attribute with null", ALICE, """
                        [{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":null}]""", """
                        {"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"costCenter":"CC-1","manager":{"value":"m-1"}}}"""),
                arguments("replace with null of an attribute the user does not have changes nothing", BOB, """
                        [{"op":"replace","path":"nickName","value":null}]""", "{}"),
                arguments("add of [] changes nothing", ALICE, """
                        [{"op":"add","path":"phoneNumbers","value":[]}]""", "{}"),
                arguments("path-less replace with null values unassigns them", ALICE, """
                        [{"op":"replace","value":{"title":null,"name.familyName":null}}]""", """
                        {"title":null,"name":{"givenName":"Alice"}}"""),
                // --- duplicates and primary values
                arguments("add of an email the user already has adds no duplicate", ALICE, """
                        [{"op":"add","path":"emails","value":[{"value":"alice@contoso.com","type":"work","primary":true}]}]""", "{}"),
                arguments("path-less add of an email the user already has adds no duplicate", ALICE, """
                        [{"op":"add","value":{"emails":[{"value":"alice@home.example","type":"home"}]}}]""", "{}"),
                arguments("add of a new primary email takes primary from the old one", BOB, """
                        [{"op":"add","path":"emails","value":[{"value":"bob@home.example","type":"home","primary":true}]}]""", """
                        {"emails":[{"value":"bob@contoso.com","type":"work","primary":false},
                                   {"value":"bob@home.example","type":"home","primary":true}]}"""),
                arguments(
                        "add of a new primary email with Entra's string \"True\" takes primary from the old one",
                        BOB,
                        """
                        [{"op":"add","path":"emails","value":[{"value":"bob@home.example","type":"home","primary":"True"}]}]""",
                        """
                        {"emails":[{"value":"bob@contoso.com","type":"work","primary":false},
                                   {"value":"bob@home.example","type":"home","primary":true}]}"""),
                arguments("making the home email primary by filter takes primary from the work one", ALICE, """
                        [{"op":"replace","path":"emails[type eq \\"home\\"].primary","value":true}]""", """
                        {"emails":[{"value":"alice@contoso.com","type":"work","primary":false},
                                   {"value":"alice@home.example","type":"home","primary":true}]}"""),
                arguments("a new primary phone number leaves the primary email alone", ALICE, """
                        [{"op":"add","path":"phoneNumbers","value":[{"value":"+1 555 0142","type":"home","primary":true}]}]""", """
                        {"phoneNumbers":[{"value":"+1 555 0100","type":"mobile"},{"value":"+1 555 0199","type":"work"},
                                         {"value":"+1 555 0142","type":"home","primary":true}]}"""),
                // --- attributes dirsync did not keep before
                arguments("Okta's locale, title and nickName by path-less replace", BOB, """
                        [{"op":"replace","value":{"locale":"de-DE","title":"CEO","nickName":"Bobby"}}]""", """
                        {"locale":"de-DE","title":"CEO","nickName":"Bobby"}"""),
                arguments("Entra's custom extension attribute by URN-qualified path", BOB, """
                        [{"op":"Add","path":"urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User:CustomAttribute",
                          "value":"x"}]""", """
                        {"urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User":{"CustomAttribute":"x"}}"""),
                arguments("a password by PATCH is accepted and never stored", BOB, """
                        [{"op":"replace","path":"password","value":"tkCx3-secret"}]""", "{}"));
    }

    /**
     * @param changes the attributes expected to differ from {@code current}: a value replaces the attribute, JSON null
     *                means it is gone, {} means nothing changes
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("patches")
    void patchesFollowRfc7644(String name, String current, String operations, String changes) {
        ObjectNode expected = (ObjectNode) json(current);
        json(changes).fields().forEachRemaining(change -> {
            if (change.getValue().isNull()) {
                expected.remove(change.getKey());
            } else {
                expected.set(change.getKey(), change.getValue());
            }
        });

        ScimUserInput patched = apply(current, operations);

        assertThat(document(patched.profile())).isEqualTo(expected);
        assertThat(patched.active()).isTrue();
    }

    /**
     * Entra sends the Replace form also for a work address the user does not have yet. RFC 7644 section 3.5.2.3 would
     * make it noTarget; dirsync creates the value, as the Add form does, since Entra counts each 400 toward quarantine.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {BOB, """
            {"userName":"carol@contoso.com","emails":[{"value":"carol@contoso.com"}],"addresses":[{"type":"home","locality":"Home"}]}"""})
    void entrasReplaceOfTheWorkAddressLocalityOnAUserWithoutAWorkAddressCreatesIt(String current) {
        ScimUserInput patched = apply(current, """
                [{"op":"Replace","path":"addresses[type eq \\"work\\"].locality","value":"City"}]""");

        assertThat(document(patched.profile()).get("addresses"))
                .contains(JSON.createObjectNode().put("locality", "City").put("type", "work"));
    }

    /** A replace through a filter other than equality says nothing about the value to create: still noTarget. */
    @Test
    void aReplaceThroughAFilterThatCannotDescribeTheNewValueIsNoTarget() {
        ScimException e = rejected(() -> apply(BOB, """
                [{"op":"Replace","path":"addresses[type sw \\"wo\\"].locality","value":"City"}]"""));

        assertThat(e.scimType()).isEqualTo(ScimType.noTarget);
        assertThat(e.getMessage()).contains("Operations[0]").contains("addresses");
    }

    /** Every writable attribute the schema defines, other than the two dirsync requires, can be removed by its path. */
    static Stream<Arguments> optionalAttributes() {
        List<Arguments> paths = new ArrayList<>();
        USERS.coreAttributes().stream()
                .filter(SchemaValues::writable)
                .filter(a -> !a.getName().equals("userName")
                        && !a.getName().equals("emails")
                        && !a.getName().equals("active"))
                .forEach(a -> paths.add(arguments(a.getName(), null, a)));
        USERS.closedExtension(ENTERPRISE).orElseThrow().getAttributes().stream()
                .filter(SchemaValues::writable)
                .forEach(a -> paths.add(arguments(ENTERPRISE + ":" + a.getName(), ENTERPRISE, a)));
        return paths.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optionalAttributes")
    void everyOptionalAttributeCanBeRemoved(String path, String urn, AttributeDefinition definition) {
        UserProfile everything = everything();
        JsonNode before = document(everything);
        assertThat(
                        urn == null
                                ? before.get(definition.getName())
                                : before.path(urn).get(definition.getName()))
                .as("the user has %s before", path)
                .isNotNull();

        UserProfile removed = engine.apply(
                        everything, true, operations("[{\"op\":\"remove\",\"path\":\"" + path + "\"}]"))
                .profile();

        ObjectNode expected = before.deepCopy();
        if (urn == null) {
            expected.remove(definition.getName());
        } else {
            ((ObjectNode) expected.get(urn)).remove(definition.getName());
        }
        assertThat(document(removed)).isEqualTo(expected);
    }

    @Test
    void removingEveryOptionalAttributeLeavesUserNameAndEmails() {
        StringBuilder removals = new StringBuilder("[");
        optionalAttributes()
                .forEach(a -> removals.append(removals.length() > 1 ? "," : "")
                        .append("{\"op\":\"remove\",\"path\":\"")
                        .append(a.get()[0])
                        .append("\"}"));
        removals.append(",{\"op\":\"remove\",\"path\":\"").append(CUSTOM).append("\"}]");
        UserProfile everything = everything();

        ScimUserInput removed = engine.apply(everything, false, operations(removals.toString()));

        assertThat(removed.profile().attributes()).containsOnlyKeys("userName", "emails");
        assertThat(removed.active())
                .as("active is not an attribute a remove can clear")
                .isFalse();
        ObjectNode written = mapper.write(state(removed.profile()), LOCATION);
        assertThat(texts(written.get("schemas"))).containsExactly(ScimSchemas.USER);
    }

    @Test
    void theRenderedSchemasGainAndLoseTheEnterpriseUrnWithTheExtension() {
        UserProfile bob = profile(BOB);
        assertThat(texts(mapper.write(state(bob), LOCATION).get("schemas"))).containsExactly(ScimSchemas.USER);

        UserProfile withDepartment = engine.apply(bob, true, operations("""
                [{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"Sales"}]""")).profile();
        ObjectNode gained = mapper.write(state(withDepartment), LOCATION);
        assertThat(texts(gained.get("schemas"))).containsExactly(ScimSchemas.USER, ENTERPRISE);
        assertThat(gained.path(ENTERPRISE).path("department").asText()).isEqualTo("Sales");

        UserProfile emptied =
                engine.apply(withDepartment, true, operations("""
                [{"op":"remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"}]""")).profile();
        ObjectNode lost = mapper.write(state(emptied), LOCATION);
        assertThat(texts(lost.get("schemas"))).containsExactly(ScimSchemas.USER);
        assertThat(lost.has(ENTERPRISE))
                .as("an empty extension is no extension")
                .isFalse();
        assertThat(emptied).isEqualTo(bob);

        UserProfile cleared =
                engine.apply(withDepartment, true, operations("""
                [{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","value":{}}]""")).profile();
        assertThat(texts(mapper.write(state(cleared), LOCATION).get("schemas"))).containsExactly(ScimSchemas.USER);
    }

    /** The result of a PATCH is read like a PUT body: what a PUT would refuse, a PATCH cannot store. */
    static Stream<Arguments> rejectedPatches() {
        return Stream.of(
                arguments("a primary that is no boolean", """
                        [{"op":"add","path":"emails[type eq \\"home\\"].primary","value":"yes"}]""", ScimType.invalidValue, "emails.primary"),
                arguments("a title of the wrong type", """
                        [{"op":"replace","path":"title","value":42}]""", ScimType.invalidValue, "title"),
                arguments("a non-object at the enterprise URN", """
                        [{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","value":"Sales"}]""", ScimType.invalidValue, ENTERPRISE),
                arguments(
                        "an undefined attribute inside the enterprise object", """
                        [{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","value":{"shoeSize":42}}]""", ScimType.invalidSyntax, "shoeSize"),
                arguments(
                        "an undefined attribute inside a complex value", """
                        [{"op":"replace","path":"name","value":{"givenName":"A","nickName":"B"}}]""", ScimType.invalidSyntax, "name.nickName"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedPatches")
    void aPatchWhoseResultAPutWouldRefuseIsRefused(
            String name, String operations, ScimType scimType, String detailMentions) {
        ScimException e = rejected(() -> apply(ALICE, operations));

        assertThat(e.scimType()).isEqualTo(scimType);
        assertThat(e.getMessage()).contains(detailMentions);
    }

    static Stream<Arguments> undefinedPaths() {
        return Stream.of(
                arguments("{\"op\":\"add\",\"path\":\"favoriteColor\",\"value\":\"x\"}", "favoriteColor"),
                arguments("{\"op\":\"add\",\"value\":{\"favoriteColor\":\"x\"}}", "favoriteColor"),
                arguments(
                        "{\"op\":\"replace\",\"value\":{\"title\":\"CEO\",\"name.nickName\":\"x\"}}", "name.nickName"),
                arguments("{\"op\":\"replace\",\"path\":\"userName.userName\",\"value\":\"x\"}", "userName.userName"),
                arguments(
                        "{\"op\":\"replace\",\"path\":\"name[givenName eq \\\"x\\\"]\",\"value\":\"x\"}",
                        "name[givenName"),
                arguments("{\"op\":\"remove\",\"path\":\"emails.value.x\"}", "emails.value.x"),
                arguments(
                        "{\"op\":\"add\",\"path\":\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:shoeSize\",\"value\":1}",
                        "shoeSize"),
                arguments(
                        "{\"op\":\"add\",\"path\":\"urn:ietf:params:scim:schemas:core:2.0:User\",\"value\":{\"title\":\"x\"}}",
                        "core schema"));
    }

    /** Rejected when the request is read, before any user is loaded, and again by the applier on its own. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("undefinedPaths")
    void anUndefinedPathIsInvalidPath(String operation, String detailMentions) {
        String body =
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[" + operation + "]}";

        ScimException onRead = rejected(() -> requests.read(json(body)));
        assertThat(onRead.scimType()).isEqualTo(ScimType.invalidPath);
        assertThat(onRead.getMessage()).contains(detailMentions);

        List<PatchOperation> unchecked = new PatchRequests(JSON).read(json(body));
        ScimException onApply = rejected(() -> engine.apply(profile(ALICE), true, unchecked));
        assertThat(onApply.scimType()).isIn(ScimType.invalidPath, ScimType.invalidSyntax);
        assertThat(onApply.getMessage()).contains(detailMentions);
    }

    @Test
    void anUndefinedAttributeIsPatchedWhenTheConnectionKeepsThem() {
        String body = """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"add","path":"favoriteColor","value":"teal"},
                               {"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeId","value":"E-1"}]}""";

        ScimUserInput patched = engine.apply(
                profile(BOB), true, requests.read(json(body), UnknownAttributes.KEEP), UnknownAttributes.KEEP);

        assertThat(document(patched.profile()).get("favoriteColor").asText()).isEqualTo("teal");
        assertThat(document(patched.profile())
                        .path(ENTERPRISE)
                        .path("employeeId")
                        .asText())
                .isEqualTo("E-1");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"Operations\":[{\"op\":\"add\",\"path\":\"title\",\"value\":\"x\"}]}",
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"Operations\":[{\"op\":\"add\",\"path\":\"title\",\"value\":\"x\"}]}",
                "{\"schemas\":\"urn:ietf:params:scim:api:messages:2.0:PatchOp\",\"Operations\":[{\"op\":\"add\",\"path\":\"title\",\"value\":\"x\"}]}"
            })
    void aPatchBodyWithoutThePatchOpSchemaIsInvalidSyntax(String body) {
        ScimException e = rejected(() -> requests.read(json(body)));

        assertThat(e.scimType()).isEqualTo(ScimType.invalidSyntax);
        assertThat(e.getMessage()).contains(ScimSchemas.PATCH_OP);
    }

    // --- helpers

    /** A user with a valid value for every writable attribute of the schema, the custom extension too. */
    private static UserProfile everything() {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("schemas").add(ScimSchemas.USER);
        USERS.coreAttributes().stream()
                .filter(SchemaValues::writable)
                .filter(a -> !a.getName().equals("active"))
                .forEach(a -> body.set(a.getName(), SchemaValues.valid(a)));
        ObjectNode enterprise = body.putObject(ENTERPRISE);
        USERS.closedExtension(ENTERPRISE).orElseThrow().getAttributes().stream()
                .filter(SchemaValues::writable)
                .forEach(a -> enterprise.set(a.getName(), SchemaValues.valid(a)));
        body.putObject(CUSTOM).put("badge", 7);
        return new ScimUserMapper(JSON).read(body).profile();
    }

    @Test
    void removingActiveIsInvalidForAUserIsAlwaysActiveOrNot() {
        ScimException e = rejected(() -> apply(BOB, """
                [{"op":"remove","path":"active"}]"""));

        assertThat(e.scimType()).isEqualTo(ScimType.invalidValue);
        assertThat(e.getMessage()).contains("active");
    }

    /** An extension named by a URN that does not end in a resource type reads back under the same key, patch after patch. */
    @Test
    void anExtensionWithAnUnusualUrnKeepsItsKeyAcrossPatches() {
        String urn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:DJEKICHAN";
        UserProfile created = mapper.read(json("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bob@contoso.com",
                 "emails":[{"value":"bob@contoso.com"}],"%s":{"employeNumber":10}}""".formatted(urn))).profile();

        UserProfile once = engine.apply(
                        created,
                        true,
                        operations("[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Bob 1\"}]"))
                .profile();
        UserProfile twice = engine.apply(
                        once, true, operations("[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Bob 2\"}]"))
                .profile();

        assertThat(document(created)
                        .at("/" + urn.replace("~", "~0").replace("/", "~1") + "/employeNumber")
                        .asInt())
                .isEqualTo(10);
        assertThat(document(twice).get(urn)).isEqualTo(document(created).get(urn));
        assertThat(mapper.write(state(twice), "https://h/Users/u1")
                        .get("schemas")
                        .toString())
                .contains(urn);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "urn:ietf:params:scim:schemas:core:2.0:Group:displayName",
                "urn:ietf:params:scim:schemas:core:2.0:Group"
            })
    void anotherResourceTypesCoreSchemaIsNoExtensionOfAUser(String path) {
        ScimException patched =
                rejected(() -> apply(BOB, "[{\"op\":\"add\",\"path\":\"" + path + "\",\"value\":\"x\"}]"));
        ScimException posted = rejected(() -> mapper.read(json("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bob@contoso.com",
                 "emails":[{"value":"bob@contoso.com"}],"%s":{"displayName":"x"}}""".formatted(path))));

        assertThat(patched.scimType()).isEqualTo(ScimType.invalidPath);
        assertThat(posted.scimType()).isEqualTo(ScimType.invalidSyntax);
    }

    private ScimUserInput apply(String current, String operations) {
        return engine.apply(profile(current), true, operations(operations));
    }

    private List<PatchOperation> operations(String operations) {
        return requests.read(json(
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":" + operations + "}"));
    }

    private static UserProfile profile(String document) {
        return new UserProfile(JSON.convertValue(json(document), new TypeReference<Map<String, Object>>() {}));
    }

    private static JsonNode document(UserProfile profile) {
        return JSON.valueToTree(profile.attributes());
    }

    private static UserState state(UserProfile profile) {
        return new UserState("u1", "c1", profile, true, 1, Instant.EPOCH, Instant.EPOCH);
    }

    private static ScimException rejected(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        ScimException e = catchThrowableOfType(call, ScimException.class);
        assertThat(e).as("expected a ScimException").isNotNull();
        assertThat(e.status()).isEqualTo(400);
        return e;
    }

    private static List<String> texts(JsonNode array) {
        List<String> result = new ArrayList<>();
        array.forEach(element -> result.add(element.asText()));
        return result;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
