package io.dirsync.scim.user;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dirsync.api.user.EmailAddress;
import io.dirsync.api.user.EnterpriseAttributes;
import io.dirsync.api.user.PersonName;
import io.dirsync.api.user.UserProfile;
import io.dirsync.api.user.UserState;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimSchemas;
import io.dirsync.scim.ScimType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** What Entra ID and Okta POST or PUT (shared/idp-quirks.md 1.3, 2.2, 2.4), read into a {@link UserProfile}. */
class ScimUserMapperReadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CUSTOM = ScimSchemas.CUSTOM_USER;

    private final ScimUserMapper mapper = new ScimUserMapper(JSON);

    static Stream<Arguments> acceptedBodies() {
        return Stream.of(
                arguments(
                        "Entra POST with explicit nulls",
                        """
                        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User",
                                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                         "externalId":"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef","userName":"alice@contoso.com","active":true,
                         "emails":[{"primary":true,"type":"work","value":"alice@contoso.com"}],
                         "meta":{"resourceType":"User"},
                         "name":{"formatted":"Alice Doe","familyName":"Doe","givenName":"Alice"},
                         "roles":[], "addresses":null, "phoneNumbers":null, "title":null, "manager":null,
                         "displayName":null, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":null}
                        """,
                        new UserProfile(
                                "alice@contoso.com",
                                "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
                                new PersonName("Alice", "Doe", "Alice Doe"),
                                null,
                                List.of(new EmailAddress("alice@contoso.com", "work", true)),
                                null,
                                Map.of()),
                        true),
                arguments(
                        "null sub-attributes and null email entries",
                        """
                        {"userName":"alice@contoso.com","name":{"givenName":"Alice","familyName":null,"formatted":null},
                         "emails":[null,{"value":"alice@contoso.com","type":null,"primary":null}]}
                        """,
                        new UserProfile(
                                "alice@contoso.com",
                                null,
                                new PersonName("Alice", null, null),
                                null,
                                List.of(new EmailAddress("alice@contoso.com", null, false)),
                                null,
                                Map.of()),
                        null),
                arguments(
                        "Okta POST: locale is kept, password and the read-only groups are not",
                        """
                        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
                         "userName":"jdoe@example.com","name":{"givenName":"J","familyName":"Doe"},
                         "emails":[{"primary":true,"value":"jdoe@example.com","type":"work"}],
                         "displayName":"J Doe","locale":"en-US","externalId":"00u1abcd","groups":[],
                         "password":"tkCx3-placeholder","active":true}
                        """,
                        document("""
                                {"externalId":"00u1abcd","userName":"jdoe@example.com",
                                 "name":{"givenName":"J","familyName":"Doe"},"displayName":"J Doe","locale":"en-US",
                                 "emails":[{"primary":true,"value":"jdoe@example.com","type":"work"}]}"""),
                        true),
                arguments(
                        "attribute names in any case",
                        """
                        {"USERNAME":"alice@contoso.com","ExternalID":"e1","NAME":{"GIVENNAME":"Alice","familyname":"Doe"},
                         "DisplayName":"Alice","Emails":[{"VALUE":"alice@contoso.com","Type":"work","PRIMARY":true}],
                         "ACTIVE":false,
                         "URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER":{"Department":"Sales"}}
                        """,
                        new UserProfile(
                                "alice@contoso.com",
                                "e1",
                                new PersonName("Alice", "Doe", null),
                                "Alice",
                                List.of(new EmailAddress("alice@contoso.com", "work", true)),
                                new EnterpriseAttributes(null, null, null, null, "Sales", null),
                                Map.of()),
                        false),
                arguments(
                        "Okta PUT of the full user echoes id, meta, groups and password",
                        """
                        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"u-1","externalId":"00u1abcd",
                         "userName":"jdoe@example.com","name":{"givenName":"J","familyName":"Doe"},
                         "emails":[{"primary":true,"value":"jdoe@example.com","type":"work"}],"displayName":"J Doe",
                         "active":false,"groups":[],"password":"tkCx3-placeholder",
                         "meta":{"resourceType":"User","version":"W/\\"3\\"","location":"https://h/scim/v2/c1/Users/u-1"}}
                        """,
                        new UserProfile(
                                "jdoe@example.com",
                                "00u1abcd",
                                new PersonName("J", "Doe", null),
                                "J Doe",
                                List.of(new EmailAddress("jdoe@example.com", "work", true)),
                                null,
                                Map.of()),
                        false),
                arguments("active null", """
                        {"userName":"a@x.io","emails":[{"value":"a@x.io"}],"active":null}
                        """, minimal("a@x.io"), null),
                arguments("active as Entra's string \"False\"", """
                        {"userName":"a@x.io","emails":[{"value":"a@x.io"}],"active":"False"}
                        """, minimal("a@x.io"), false),
                arguments("active as string \"true\"", """
                        {"userName":"a@x.io","emails":[{"value":"a@x.io"}],"active":"true"}
                        """, minimal("a@x.io"), true),
                arguments("active left out", """
                        {"userName":"a@x.io","emails":[{"value":"a@x.io"}]}
                        """, minimal("a@x.io"), null),
                arguments("userName and email values are trimmed, blank emails skipped", """
                        {"userName":"  a@x.io ","emails":[{"value":"  ","type":"home"},{"value":" a@x.io "}]}
                        """, minimal("a@x.io"), null),
                arguments(
                        "enterprise manager as a plain id string",
                        """
                        {"userName":"a@x.io","emails":[{"value":"a@x.io"}],
                         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"701984","manager":"m-1"}}
                        """,
                        withEnterprise(new EnterpriseAttributes("701984", null, null, null, null, "m-1")),
                        null),
                arguments(
                        "enterprise manager as {value, $ref, displayName}",
                        """
                        {"userName":"a@x.io","emails":[{"value":"a@x.io"}],
                         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":
                           {"manager":{"value":"m-1","$ref":"../Users/m-1","displayName":"Boss"}}}
                        """,
                        withEnterprise(new EnterpriseAttributes(null, null, null, null, null, "m-1")),
                        null),
                arguments(
                        "enterprise manager as a one-element list",
                        """
                        {"userName":"a@x.io","emails":[{"value":"a@x.io"}],
                         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":[{"value":"m-1"}]}}
                        """,
                        withEnterprise(new EnterpriseAttributes(null, null, null, null, null, "m-1")),
                        null),
                arguments("enterprise extension holding only nulls is no extension", """
                        {"userName":"a@x.io","emails":[{"value":"a@x.io"}],
                         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":null,"department":null}}
                        """, minimal("a@x.io"), null),
                arguments(
                        "all enterprise attributes",
                        """
                        {"userName":"a@x.io","emails":[{"value":"a@x.io"}],
                         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"1","costCenter":"cc",
                           "organization":"org","division":"div","department":"dep","manager":{"value":"m"}}}
                        """,
                        withEnterprise(new EnterpriseAttributes("1", "cc", "org", "div", "dep", "m")),
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedBodies")
    void readsWhatIdentityProvidersSend(String name, String body, UserProfile expectedProfile, Boolean expectedActive) {
        ScimUserInput input = mapper.read(user(body));

        assertThat(input.profile()).isEqualTo(expectedProfile);
        assertThat(input.active()).isEqualTo(expectedActive);
    }

    static Stream<Arguments> rejectedBodies() {
        return Stream.of(
                arguments("no emails", """
                        {"userName":"a@x.io"}""", ScimType.invalidValue, "emails"),
                arguments("emails null", """
                        {"userName":"a@x.io","emails":null}""", ScimType.invalidValue, "emails"),
                arguments("emails empty", """
                        {"userName":"a@x.io","emails":[]}""", ScimType.invalidValue, "emails"),
                arguments("emails with only blank values", """
                        {"userName":"a@x.io","emails":[{"value":""},{"type":"work"}]}""", ScimType.invalidValue, "emails"),
                arguments("emails not a list", """
                        {"userName":"a@x.io","emails":"a@x.io"}""", ScimType.invalidValue, "emails"),
                arguments("emails a list of strings", """
                        {"userName":"a@x.io","emails":["a@x.io"]}""", ScimType.invalidValue, "emails"),
                arguments("two primary emails", """
                        {"userName":"a@x.io","emails":[{"value":"a@x.io","primary":true},{"value":"b@x.io","primary":"True"}]}""", ScimType.invalidValue, "emails"),
                arguments("no userName", """
                        {"emails":[{"value":"a@x.io"}]}""", ScimType.invalidValue, "userName"),
                arguments("userName null", """
                        {"userName":null,"emails":[{"value":"a@x.io"}]}""", ScimType.invalidValue, "userName"),
                arguments("userName blank", """
                        {"userName":"  ","emails":[{"value":"a@x.io"}]}""", ScimType.invalidValue, "userName"),
                arguments("userName a number", """
                        {"userName":42,"emails":[{"value":"a@x.io"}]}""", ScimType.invalidValue, "userName"),
                arguments("active neither boolean nor \"true\"/\"false\"", """
                        {"userName":"a@x.io","emails":[{"value":"a@x.io"}],"active":"yes"}""", ScimType.invalidValue, "active"),
                arguments("name not an object", """
                        {"userName":"a@x.io","emails":[{"value":"a@x.io"}],"name":"Alice Doe"}""", ScimType.invalidValue, "name"),
                arguments("manager a number", """
                        {"userName":"a@x.io","emails":[{"value":"a@x.io"}],
                         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":7}}""", ScimType.invalidValue, "manager"),
                arguments("body not an object", """
                        [{"userName":"a@x.io"}]""", ScimType.invalidSyntax, "object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedBodies")
    void rejectsWithA400NamingTheAttribute(String name, String body, ScimType scimType, String detailMentions) {
        ScimException e = catchThrowableOfType(() -> mapper.read(user(body)), ScimException.class);

        assertThat(e).as("expected a ScimException").isNotNull();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.scimType()).isEqualTo(scimType);
        assertThat(e.getMessage()).contains(detailMentions);
    }

    @Test
    void rejectsAMissingBody() {
        ScimException e = catchThrowableOfType(() -> mapper.read(null), ScimException.class);

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.scimType()).isEqualTo(ScimType.invalidSyntax);
    }

    @Test
    void oktasPlaceholderPasswordIsNeitherKeptNorEchoed() {
        String password = "tkCx3-Placeholder-Secret";
        ScimUserInput input = mapper.read(user("""
                {"userName":"jdoe@example.com","emails":[{"value":"jdoe@example.com"}],"password":"%s",
                 "urn:dirsync:scim:schemas:extension:custom:2.0:User":{"team":"blue"}}
                """.formatted(password)));

        assertThat(input.profile().toString()).doesNotContain(password);
        assertThat(input.profile().customAttributes()).containsOnlyKeys("team");
        ObjectNode written = mapper.write(
                new UserState("u1", "c1", input.profile(), true, 0, Instant.EPOCH, Instant.EPOCH),
                "https://h/scim/v2/c1/Users/u1");
        assertThat(written.toString()).doesNotContain(password).doesNotContainIgnoringCase("password");
    }

    /** A value sent in the open custom extension, and what is stored: the same, less JSON nulls and empty containers. */
    static Stream<Arguments> customValues() {
        return Stream.of(
                arguments("string", "\"blue\"", "\"blue\""),
                arguments("integer", "42", "42"),
                arguments("long", "12345678901234", "12345678901234"),
                arguments("big integer", "123456789012345678901234567890", "123456789012345678901234567890"),
                arguments("decimal", "3.25", "3.25"),
                arguments("negative", "-1", "-1"),
                arguments("boolean", "false", "false"),
                arguments("empty string", "\"\"", "\"\""),
                arguments(
                        "list of mixed values",
                        "[1,\"two\",{\"three\":3},null,[true]]",
                        "[1,\"two\",{\"three\":3},[true]]"),
                arguments("empty list (unassigned)", "[]", null),
                arguments(
                        "nested object with nulls inside",
                        "{\"level\":{\"deep\":[true,null],\"none\":null},\"n\":1.5}",
                        "{\"level\":{\"deep\":[true]},\"n\":1.5}"),
                arguments("empty object (unassigned)", "{}", null),
                arguments("object of nulls only (unassigned)", "{\"a\":null,\"b\":[null]}", null),
                arguments("string that looks like JSON", "\"{\\\"id\\\":1}\"", "\"{\\\"id\\\":1}\""));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("customValues")
    void customExtensionAttributesOfAnyJsonTypeRoundTrip(String name, String value, String stored) {
        ObjectNode body = (ObjectNode) user("""
                {"userName":"a@x.io","emails":[{"value":"a@x.io"}]}""");
        body.putObject(CUSTOM).set("attr", json(value));

        UserProfile profile = mapper.read(body).profile();
        ObjectNode written =
                mapper.write(new UserState("u1", "c1", profile, true, 1, Instant.EPOCH, Instant.EPOCH), "loc");

        if (stored == null) {
            assertThat(profile.customAttributes()).isEmpty();
            assertThat(written.has(CUSTOM))
                    .as("an extension with nothing assigned is not written")
                    .isFalse();
            assertThat(texts(written.get("schemas"))).doesNotContain(CUSTOM);
        } else {
            assertThat(written.path(CUSTOM).get("attr")).isEqualTo(json(stored));
            assertThat(texts(written.get("schemas"))).contains(CUSTOM);
        }
        assertThat(mapper.read(written).profile()).isEqualTo(profile);
    }

    @Test
    void aNullCustomAttributeIsTheSameAsAnAbsentOne() {
        UserProfile profile = mapper.read(user("""
                {"userName":"a@x.io","emails":[{"value":"a@x.io"}],
                 "urn:dirsync:scim:schemas:extension:custom:2.0:User":{"gone":null,"kept":"yes"}}""")).profile();

        assertThat(profile.customAttributes()).isEqualTo(Map.of("kept", "yes"));
    }

    private static UserProfile minimal(String userName) {
        return new UserProfile(
                userName, null, null, null, List.of(new EmailAddress(userName, null, false)), null, Map.of());
    }

    private static UserProfile withEnterprise(EnterpriseAttributes enterprise) {
        return new UserProfile(
                "a@x.io", null, null, null, List.of(new EmailAddress("a@x.io", null, false)), enterprise, Map.of());
    }

    /**
     * A User body as given, with the core schema URN added when it names no {@code schemas}: these cases are about
     * something else; the {@code schemas} rule has its own tests (ScimUserMapperLimitsTest, ResourceReaderTest).
     */
    static JsonNode user(String text) {
        JsonNode body = json(text);
        if (!body.isObject()) {
            return body;
        }
        for (var names = body.fieldNames(); names.hasNext(); ) {
            if (names.next().equalsIgnoreCase("schemas")) {
                return body;
            }
        }
        ObjectNode withSchemas = JSON.createObjectNode();
        withSchemas.putArray("schemas").add(ScimSchemas.USER);
        withSchemas.setAll((ObjectNode) body);
        return withSchemas;
    }

    /** A profile that is exactly this SCIM document. */
    static UserProfile document(String text) {
        return new UserProfile(JSON.convertValue(json(text), new TypeReference<Map<String, Object>>() {}));
    }

    private static List<String> texts(JsonNode array) {
        List<String> result = new java.util.ArrayList<>();
        array.forEach(element -> result.add(element.asText()));
        return result;
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
