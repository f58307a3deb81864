package io.dirsync.scim.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.types.AttributeDefinition.Mutability;
import com.unboundid.scim2.common.types.AttributeDefinition.Type;
import com.unboundid.scim2.common.types.SchemaResource;
import io.dirsync.api.connection.UnknownAttributes;
import io.dirsync.api.user.UserState;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimSchemas;
import io.dirsync.scim.ScimType;
import io.dirsync.scim.user.ScimUserInput;
import io.dirsync.scim.user.ScimUserMapper;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static io.dirsync.scim.schema.SchemaValues.valid;
import static io.dirsync.scim.schema.SchemaValues.validSingle;
import static io.dirsync.scim.schema.SchemaValues.wrong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * A User body read against the schema ({@link ResourceReader}, through {@link ScimUserMapper} where dirsync's own rules
 * matter too). The tables are built from the schema itself, so every attribute of the core User and the enterprise
 * extension is covered, and one added to {@code schemas.json} is covered without touching this test.
 */
class ResourceReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ResourceSchema USERS = SchemaCatalog.get().users();
    private static final String CORE = ScimSchemas.USER;
    private static final String ENTERPRISE = ScimSchemas.ENTERPRISE_USER;
    private static final String CUSTOM = ScimSchemas.CUSTOM_USER;
    private static final String LOCATION = "https://dirsync.example/scim/v2/c1/Users/u1";

    private final ScimUserMapper mapper = new ScimUserMapper(JSON);

    /** An attribute of the User schema: the extension it is in (null for the core schema) and its definition. */
    record Attribute(String urn, AttributeDefinition definition) {
        String name() {
            return definition.getName();
        }

        /** The attribute as error messages name it: URN-qualified in an extension. */
        String path() {
            return urn == null ? name() : urn + ":" + name();
        }

        boolean writable() {
            return SchemaValues.writable(definition);
        }

        @Override
        public String toString() {
            return path();
        }
    }

    static Stream<Attribute> userAttributes() {
        return Stream.concat(
                USERS.coreAttributes().stream().map(definition -> new Attribute(null, definition)),
                USERS.closedExtension(ENTERPRISE).orElseThrow().getAttributes().stream()
                        .map(definition -> new Attribute(ENTERPRISE, definition)));
    }

    static Stream<Attribute> writableAttributes() {
        return userAttributes().filter(Attribute::writable);
    }

    @Test
    void theTablesCoverTheWholeUserSchemaOfRfc7643() {
        assertThat(userAttributes().map(Attribute::path))
                .contains(
                        "externalId",
                        "userName",
                        "name",
                        "displayName",
                        "nickName",
                        "profileUrl",
                        "title",
                        "userType",
                        "preferredLanguage",
                        "locale",
                        "timezone",
                        "active",
                        "password",
                        "emails",
                        "phoneNumbers",
                        "ims",
                        "photos",
                        "addresses",
                        "groups",
                        "entitlements",
                        "roles",
                        "x509Certificates",
                        ENTERPRISE + ":employeeNumber",
                        ENTERPRISE + ":costCenter",
                        ENTERPRISE + ":organization",
                        ENTERPRISE + ":division",
                        ENTERPRISE + ":department",
                        ENTERPRISE + ":manager");
        assertThat(userAttributes()
                        .flatMap(a -> Stream.concat(
                                Stream.of(a.definition()),
                                a.definition().getSubAttributes() == null
                                        ? Stream.empty()
                                        : a.definition().getSubAttributes().stream()))
                        .map(AttributeDefinition::getType)
                        .distinct())
                .contains(Type.STRING, Type.BOOLEAN, Type.COMPLEX, Type.REFERENCE, Type.BINARY);
    }

    // --- every attribute round-trips

    @ParameterizedTest(name = "{0}")
    @MethodSource("userAttributes")
    void everyAttributeRoundTripsThroughReadAndWriteUnderItsCanonicalName(Attribute attribute) {
        JsonNode value = valid(attribute.definition());
        ObjectNode body = minimalUser();
        if (attribute.urn() == null) {
            body.remove(attribute.name());
            body.set(attribute.name().toUpperCase(Locale.ROOT), upperCaseKeys(value));
        } else {
            body.putObject(attribute.urn()).set(attribute.name().toUpperCase(Locale.ROOT), upperCaseKeys(value));
        }

        ScimUserInput input = mapper.read(body);
        ObjectNode written = mapper.write(state(input), LOCATION);
        JsonNode rendered = attribute.urn() == null
                ? written.get(attribute.name())
                : written.path(attribute.urn()).get(attribute.name());
        JsonNode stored = stored(input);

        switch (attribute.definition().getMutability()) {
            case READ_ONLY, WRITE_ONLY -> {
                assertThat(rendered)
                        .as("%s is never stored nor written", attribute)
                        .isNull();
                assertThat(stored.toString())
                        .doesNotContain(attribute.name().toUpperCase(Locale.ROOT))
                        .doesNotContain("\"" + attribute.name() + "\"");
            }
            default -> {
                if (attribute.path().equals("active")) {
                    assertThat(input.active()).isTrue();
                    assertThat(stored.has("active"))
                            .as("active is the user's state, not part of the profile")
                            .isFalse();
                } else if (attribute.path().equals(ENTERPRISE + ":manager")) {
                    // the client's $ref is not kept: dirsync answers with its own URI for the value
                    assertThat(stored.path(ENTERPRISE).get("manager"))
                            .isEqualTo(((ObjectNode) value.deepCopy()).without("$ref"));
                }
                assertThat(rendered).as("%s as written", attribute).isEqualTo(expectedRendering(attribute, value));
                assertThat(fieldNames(attribute.urn() == null ? written : written.get(attribute.urn())))
                        .doesNotContain(attribute.name().toUpperCase(Locale.ROOT));
                if (attribute.urn() != null) {
                    assertThat(texts(written.get("schemas"))).containsExactly(CORE, attribute.urn());
                }
            }
        }
        assertThat(mapper.read(written).profile())
                .as("reading what was written changes nothing")
                .isEqualTo(input.profile());
    }

    @Test
    void allAttributesAtOnceAreStoredInSchemaOrderWhateverOrderTheyCameIn() {
        List<Attribute> core = writableAttributes()
                .filter(a -> a.urn() == null && !a.name().equals("active"))
                .toList();
        ObjectNode body = JSON.createObjectNode();
        body.putArray("schemas").add(CORE).add(ENTERPRISE);
        for (int i = core.size() - 1; i >= 0; i--) {
            body.set(core.get(i).name(), valid(core.get(i).definition()));
        }
        ObjectNode enterprise = body.putObject(ENTERPRISE);
        writableAttributes()
                .filter(a -> ENTERPRISE.equals(a.urn()))
                .forEach(a -> enterprise.set(a.name(), valid(a.definition())));

        ObjectNode written = mapper.write(state(mapper.read(body)), LOCATION);

        List<String> expected = new ArrayList<>(List.of("schemas", "id"));
        core.forEach(a -> expected.add(a.name()));
        expected.addAll(List.of("active", ENTERPRISE, "meta"));
        assertThat(fieldNames(written)).containsExactlyElementsOf(expected);
        assertThat(fieldNames(written.get(ENTERPRISE))).containsExactlyInAnyOrderElementsOf(fieldNames(enterprise));
    }

    // --- types

    static Stream<Arguments> wrongTypes() {
        List<Arguments> cases = new ArrayList<>();
        writableAttributes().forEach(attribute -> {
            AttributeDefinition definition = attribute.definition();
            if (definition.isMultiValued()) {
                cases.add(arguments(attribute.path(), valid(definition).get(0), attribute.path()));
                cases.add(arguments(attribute.path(), NODES.arrayNode().add(wrong(definition)), attribute.path()));
            } else {
                cases.add(arguments(attribute.path(), wrong(definition), attribute.path()));
            }
            if (definition.getType() == Type.COMPLEX) {
                definition.getSubAttributes().stream()
                        .filter(SchemaValues::writable)
                        .forEach(sub -> {
                            ObjectNode one = (ObjectNode) validSingle(definition);
                            one.set(sub.getName(), wrong(sub));
                            JsonNode value = definition.isMultiValued()
                                    ? NODES.arrayNode().add(one)
                                    : one;
                            String path = attribute.path() + "." + sub.getName();
                            cases.add(arguments(path, value, path));
                        });
            }
        });
        // values of the right JSON type that still are not of the attribute's type
        cases.add(arguments("x509Certificates.value", json("[{\"value\":\"@@@\"}]"), "x509Certificates.value"));
        cases.add(arguments("x509Certificates.value", json("[{\"value\":\"not base64!\"}]"), "x509Certificates.value"));
        cases.add(arguments("active", json("\"yes\""), "active"));
        cases.add(arguments("active", json("1"), "active"));
        cases.add(arguments("emails.primary", json("[{\"value\":\"a@x.io\",\"primary\":\"no\"}]"), "emails.primary"));
        cases.add(arguments(
                ENTERPRISE + ":manager", json("[{\"value\":\"m-1\"},{\"value\":\"m-2\"}]"), ENTERPRISE + ":manager"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("wrongTypes")
    void aValueOfTheWrongTypeIsInvalidValueNamingTheAttribute(String path, JsonNode value, String named) {
        ObjectNode body = withAttribute(minimalUser(), path, value);

        ScimException e = rejected(() -> mapper.read(body));

        assertThat(e.scimType()).isEqualTo(ScimType.invalidValue);
        assertThat(e.getMessage()).contains("Attribute '" + named + "'");
    }

    /** The User schema has no integer, decimal or dateTime attribute; a schema of every type checks the rest. */
    private static final String THING = "urn:example:params:scim:schemas:core:2.0:Thing";

    private static final ResourceSchema EVERY_TYPE = new ResourceSchema(
            new SchemaResource(
                    THING,
                    "Thing",
                    "every type",
                    List.of(
                            attribute("count", Type.INTEGER, false), attribute("ratio", Type.DECIMAL, false),
                            attribute("since", Type.DATETIME, false), attribute("blob", Type.BINARY, false),
                            attribute("flag", Type.BOOLEAN, false), attribute("link", Type.REFERENCE, false),
                            attribute("text", Type.STRING, false), attribute("counts", Type.INTEGER, true))),
            Map.of(),
            Set.of(),
            true);

    static Stream<Arguments> valuesOfEveryType() {
        return Stream.of(
                arguments("count", "42", true),
                arguments("count", "-7", true),
                arguments("count", "12345678901234", true),
                arguments("count", "2.5", false),
                arguments("count", "\"42\"", false),
                arguments("count", "true", false),
                arguments("ratio", "2.5", true),
                arguments("ratio", "3", true),
                arguments("ratio", "\"2.5\"", false),
                arguments("ratio", "{}", false),
                arguments("since", "\"2026-01-31T09:00:00Z\"", true),
                arguments("since", "\"2026-01-31T09:00:00.250+01:00\"", true),
                arguments("since", "\"yesterday\"", false),
                arguments("since", "\"2026-01-31\"", false),
                arguments("since", "1769850000", false),
                arguments(
                        "blob",
                        "\"" + Base64.getEncoder().encodeToString("certificate".getBytes(StandardCharsets.UTF_8))
                                + "\"",
                        true),
                arguments("blob", "\"Y2VydGlm\\r\\naWNhdGU=\"", true),
                arguments("blob", "\"Y2VydGlmaWNhdGU\"", true),
                arguments("blob", "\"@@@@\"", false),
                arguments("blob", "\"Y2Vy#dGlm\"", false),
                arguments("blob", "7", false),
                arguments("flag", "true", true),
                arguments("flag", "\"False\"", true),
                arguments("flag", "\" TRUE \"", true),
                arguments("flag", "\"yes\"", false),
                arguments("flag", "0", false),
                arguments("link", "\"https://example.com/x\"", true),
                arguments("link", "false", false),
                arguments("text", "\"x\"", true),
                arguments("text", "[\"x\"]", false),
                arguments("text", "{\"x\":1}", false),
                arguments("counts", "[1,2]", true),
                arguments("counts", "1", false),
                arguments("counts", "[1,\"2\"]", false));
    }

    @ParameterizedTest(name = "{0} = {1}: accepted {2}")
    @MethodSource("valuesOfEveryType")
    void everyTypeIsChecked(String name, String value, boolean accepted) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("schemas").add(THING);
        body.set(name, json(value));
        ResourceReader reader = new ResourceReader(EVERY_TYPE, UnknownAttributes.REJECT);

        if (accepted) {
            JsonNode read = reader.read(body, "Thing").get(name);
            assertThat(read).isNotNull();
            if (name.equals("flag")) {
                assertThat(read.isBoolean())
                        .as("a boolean string is stored as a boolean")
                        .isTrue();
            } else {
                assertThat(read).isEqualTo(json(value));
            }
        } else {
            ScimException e = rejected(() -> reader.read(body, "Thing"));
            assertThat(e.scimType()).isEqualTo(ScimType.invalidValue);
            assertThat(e.getMessage()).contains("Attribute '" + name + "'");
        }
    }

    static Stream<Arguments> stringBooleans() {
        return Stream.of(
                arguments("true", true),
                arguments("false", false),
                arguments("\"True\"", true),
                arguments("\"False\"", false),
                arguments("\"TRUE\"", true),
                arguments("\"false\"", false),
                arguments("\" true \"", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stringBooleans")
    void booleansMayBeSentAsStringsAsEntraDoesAndAreStoredAsBooleans(String sent, boolean expected) {
        ObjectNode body = minimalUser();
        body.set("active", json(sent));
        body.set("emails", json("[{\"value\":\"a@x.io\",\"primary\":" + sent + "}]"));

        ScimUserInput input = mapper.read(body);

        assertThat(input.active()).isEqualTo(expected);
        assertThat(stored(input).at("/emails/0/primary")).isEqualTo(BooleanNode.valueOf(expected));
    }

    // --- unassigned values

    static Stream<Arguments> unassignedValues() {
        List<Arguments> cases = new ArrayList<>();
        writableAttributes()
                .filter(a -> !a.name().equals("userName") && !a.name().equals("emails"))
                .forEach(attribute -> {
                    cases.add(arguments(attribute.path(), "null"));
                    cases.add(arguments(attribute.path(), "\"\""));
                    if (attribute.definition().isMultiValued()) {
                        cases.add(arguments(attribute.path(), "[]"));
                        cases.add(arguments(attribute.path(), "[null]"));
                    }
                    if (attribute.definition().getType() == Type.COMPLEX) {
                        cases.add(arguments(
                                attribute.path(), attribute.definition().isMultiValued() ? "[{}]" : "{}"));
                    }
                });
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("unassignedValues")
    void nullEmptyStringAndEmptyArrayLeaveTheAttributeUnassigned(String path, String value) {
        ScimUserInput input = mapper.read(withAttribute(minimalUser(), path, json(value)));

        assertThat(input.profile()).isEqualTo(mapper.read(minimalUser()).profile());
        assertThat(input.active()).isNull();
    }

    // --- undefined attributes

    static Stream<Arguments> undefinedAttributes() {
        return Stream.of(
                arguments(
                        "core attribute",
                        "{\"favoriteColor\":\"blue\"}",
                        "favoriteColor",
                        "/favoriteColor",
                        "\"blue\""),
                arguments(
                        "core attribute qualified with the core URN",
                        "{\"urn:ietf:params:scim:schemas:core:2.0:User:favoriteColor\":\"blue\"}",
                        "favoriteColor",
                        "/favoriteColor",
                        "\"blue\""),
                arguments(
                        "enterprise attribute",
                        "{\"" + ENTERPRISE + "\":{\"shoeSize\":42}}",
                        ENTERPRISE + ":shoeSize",
                        "/" + ENTERPRISE + "/shoeSize",
                        "42"),
                arguments(
                        "enterprise attribute, URN-qualified key",
                        "{\"" + ENTERPRISE + ":employeeId\":\"E-1\"}",
                        ENTERPRISE + ":employeeId",
                        "/" + ENTERPRISE + "/employeeId",
                        "\"E-1\""),
                arguments(
                        "sub-attribute of a complex attribute",
                        "{\"name\":{\"givenName\":\"Al\",\"nickName\":\"Ally\"}}",
                        "name.nickName",
                        "/name/nickName",
                        "\"Ally\""),
                arguments(
                        "sub-attribute of a multi-valued attribute",
                        "{\"emails\":[{\"value\":\"a@x.io\",\"label\":\"main\"}]}",
                        "emails.label",
                        "/emails/0/label",
                        "\"main\""),
                arguments(
                        "sub-attribute of the enterprise manager",
                        "{\"" + ENTERPRISE + "\":{\"manager\":{\"value\":\"m-1\",\"email\":\"boss@x.io\"}}}",
                        ENTERPRISE + ":manager.email",
                        "/" + ENTERPRISE + "/manager/email",
                        "\"boss@x.io\""),
                arguments(
                        "object of any shape",
                        "{\"preferences\":{\"theme\":\"dark\",\"sizes\":[1,2]}}",
                        "preferences",
                        "/preferences",
                        "{\"theme\":\"dark\",\"sizes\":[1,2]}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("undefinedAttributes")
    void anAttributeTheSchemaDoesNotDefineIsInvalidSyntaxNamingIt(
            String name, String fields, String path, String pointer, String kept) {
        ObjectNode body = merged(minimalUser(), fields);

        ScimException e = rejected(() -> mapper.read(body));

        assertThat(e.scimType()).isEqualTo(ScimType.invalidSyntax);
        assertThat(e.getMessage()).contains("'" + path + "'");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("undefinedAttributes")
    void anAttributeTheSchemaDoesNotDefineIsKeptAsSentWhenTheConnectionKeepsThem(
            String name, String fields, String path, String pointer, String kept) {
        ScimUserInput input = mapper.read(merged(minimalUser(), fields), UnknownAttributes.KEEP);
        ObjectNode written = mapper.write(state(input), LOCATION);

        assertThat(written.at(pointer)).isEqualTo(json(kept));
        assertThat(mapper.read(written, UnknownAttributes.KEEP).profile()).isEqualTo(input.profile());
        assertThat(catchThrowableOfType(() -> mapper.read(written), ScimException.class))
                .as("a connection that refuses them refuses them also in a later PUT")
                .isNotNull();
    }

    // --- schemas

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "\"schemas\":null,",
                "\"schemas\":\"urn:ietf:params:scim:schemas:core:2.0:User\",",
                "\"schemas\":[],",
                "\"schemas\":[42],",
                "\"schemas\":{},",
                "\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],",
                "\"schemas\":[\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"],",
                "\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User:userName\"],"
            })
    void aBodyWhoseSchemasDoNotNameTheCoreUserSchemaIsInvalidSyntax(String schemas) {
        JsonNode body = json("{" + schemas + "\"userName\":\"a@x.io\",\"emails\":[{\"value\":\"a@x.io\"}]}");

        for (UnknownAttributes unknown : UnknownAttributes.values()) {
            ScimException e = rejected(() -> new ResourceReader(USERS, unknown).read(body, "User"));
            assertThat(e.scimType()).isEqualTo(ScimType.invalidSyntax);
            assertThat(e.getMessage()).contains("schemas").contains(CORE);
        }
    }

    @Test
    void theCoreSchemaIsFoundInAnyCaseBesideExtensionsAndUnknownUris() {
        JsonNode body = json("{\"schemas\":[\"urn:example:other\",\" URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER \",\""
                + ENTERPRISE + "\"],\"userName\":\"a@x.io\",\"emails\":[{\"value\":\"a@x.io\"}]}");

        ObjectNode read = new ResourceReader(USERS, UnknownAttributes.REJECT).read(body, "User");

        assertThat(read.has("schemas"))
                .as("schemas is the message's, not an attribute")
                .isFalse();
        assertThat(read.get("userName").asText()).isEqualTo("a@x.io");
    }

    // --- write-only and read-only

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"password\":\"tkCx3-secret\"}",
                "{\"PassWord\":\"tkCx3-secret\"}",
                "{\"urn:ietf:params:scim:schemas:core:2.0:User:password\":\"tkCx3-secret\"}",
                "{\"urn:ietf:params:scim:schemas:core:2.0:User\":{\"password\":\"tkCx3-secret\",\"title\":\"CEO\"}}",
                "{\"password\":[\"tkCx3-secret\"]}"
            })
    void aPasswordIsNeverStoredNorWrittenWhateverTheConnectionKeeps(String fields) {
        for (UnknownAttributes unknown : UnknownAttributes.values()) {
            ScimUserInput input = mapper.read(merged(minimalUser(), fields), unknown);
            ObjectNode written = mapper.write(state(input), LOCATION);

            assertThat(input.profile().toString()).doesNotContain("tkCx3-secret");
            assertThat(stored(input).toString()).doesNotContainIgnoringCase("password");
            assertThat(written.toString()).doesNotContain("tkCx3-secret").doesNotContainIgnoringCase("password");
        }
    }

    /** Core attributes under the core URN as an object are core attributes: checked, and never an extension. */
    @Test
    void coreAttributesNestedUnderTheCoreUrnAreReadAsCoreAttributes() {
        ScimUserInput input =
                mapper.read(merged(minimalUser(), "{\"" + CORE + "\":{\"TITLE\":\"CEO\",\"active\":\"False\"}}"));
        ObjectNode written = mapper.write(state(input), LOCATION);

        assertThat(input.profile().attributes()).containsEntry("title", "CEO").doesNotContainKey(CORE);
        assertThat(input.active()).isFalse();
        assertThat(texts(written.get("schemas"))).containsExactly(CORE);
        ScimException e = rejected(() -> mapper.read(merged(minimalUser(), "{\"" + CORE + "\":{\"title\":42}}")));
        assertThat(e.scimType()).isEqualTo(ScimType.invalidValue);
        assertThat(e.getMessage()).contains("'title'");
    }

    @Test
    void readOnlyAttributesAreIgnoredEvenWithValuesOfTheWrongType() {
        ScimUserInput input = mapper.read(merged(minimalUser(), """
                {"id":"someone-else","meta":{"resourceType":"User","version":"W/\\"9\\""},
                 "groups":[{"value":"g-1","display":"Eng","$ref":"../Groups/g-1","type":"direct"}],
                 "urn:ietf:params:scim:schemas:core:2.0:User:groups":"not even a list",
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":
                    {"manager":{"value":"m-1","$ref":"https://elsewhere/Users/m-1","displayName":"Boss"}}}"""));

        assertThat(stored(input)).isEqualTo(json("""
                {"userName":"a@x.io","emails":[{"value":"a@x.io"}],
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":{"value":"m-1"}}}"""));
        ObjectNode written = mapper.write(state(input), LOCATION);
        assertThat(written.get("id").asText()).isEqualTo("u1");
        assertThat(written.path(ENTERPRISE).path("manager").get("$ref").asText())
                .as("the manager's $ref is dirsync's own")
                .isEqualTo("https://dirsync.example/scim/v2/c1/Users/m-1");
        assertThat(written.has("groups")).isFalse();
    }

    // --- extensions

    static Stream<Arguments> unknownExtensions() {
        String entra = "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User";
        return Stream.of(
                arguments("object under the extension URN", """
                        {"urn:example:acme:2.0:User":{"badge":"7","levels":[1,2],"gone":null,"nested":{"a":{"b":true}}}}""", "urn:example:acme:2.0:User", """
                        {"badge":"7","levels":[1,2],"nested":{"a":{"b":true}}}"""),
                arguments("Entra's URN-qualified attribute key", """
                        {"urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User:CustomAttribute":"x"}""", entra, """
                        {"CustomAttribute":"x"}"""),
                arguments("both forms of one extension, merged", """
                        {"urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User:CustomAttribute":"x",
                         "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User":{"Other":[1]}}""", entra, """
                        {"CustomAttribute":"x","Other":[1]}"""),
                arguments("dirsync's open custom extension, URN-qualified key", """
                        {"urn:dirsync:scim:schemas:extension:custom:2.0:User:costCode":{"code":"CC-1","valid":true}}""", CUSTOM, """
                        {"costCode":{"code":"CC-1","valid":true}}"""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unknownExtensions")
    void anExtensionTheSchemaDoesNotDefineIsKeptAsSentUnderItsUrn(
            String name, String fields, String urn, String expected) {
        ScimUserInput input = mapper.read(merged(minimalUser(), fields));
        ObjectNode written = mapper.write(state(input), LOCATION);

        assertThat(written.get(urn)).isEqualTo(json(expected));
        assertThat(texts(written.get("schemas"))).containsExactly(CORE, urn);
        assertThat(mapper.read(written).profile()).isEqualTo(input.profile());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"x\"", "42", "[{\"a\":1}]"})
    void anExtensionUrnWhoseValueIsNoObjectIsInvalidValue(String value) {
        for (String urn : List.of(ENTERPRISE, CUSTOM, "urn:example:acme:2.0:User")) {
            ScimException e = rejected(() -> mapper.read(merged(minimalUser(), "{\"" + urn + "\":" + value + "}")));

            assertThat(e.scimType()).isEqualTo(ScimType.invalidValue);
            assertThat(e.getMessage()).contains(urn);
        }
    }

    @Test
    void urnQualifiedKeysReachTheirAttributeInAnyCase() {
        ScimUserInput input = mapper.read(merged(minimalUser(), """
                {"urn:ietf:params:scim:schemas:core:2.0:User:title":"CEO",
                 "URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER:NAME":{"givenName":"Al"},
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department":"Sales",
                 "URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:manager":"m-1"}"""));

        assertThat(stored(input)).isEqualTo(json("""
                {"userName":"a@x.io","name":{"givenName":"Al"},"title":"CEO","emails":[{"value":"a@x.io"}],
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Sales","manager":{"value":"m-1"}}}"""));
    }

    // --- multi-valued attributes

    static Stream<Arguments> duplicates() {
        return Stream.of(
                arguments("the same email twice", """
                        {"emails":[{"value":"a@x.io","type":"work"},{"value":"a@x.io","type":"work"}]}""", """
                        {"emails":[{"value":"a@x.io","type":"work"}]}"""),
                arguments("the same email, differently spelt keys and spaces around the value", """
                        {"emails":[{"value":"a@x.io"},{"VALUE":" a@x.io "}]}""", """
                        {"emails":[{"value":"a@x.io"}]}"""),
                arguments("the same phone number three times", """
                        {"phoneNumbers":[{"value":"+1 555","type":"mobile"},{"value":"+1 555","type":"mobile"},
                                         {"type":"mobile","value":"+1 555"}]}""", """
                        {"phoneNumbers":[{"value":"+1 555","type":"mobile"}]}"""),
                arguments("the same role twice, a primary string and a boolean", """
                        {"roles":[{"value":"admin","primary":"True"},{"value":"admin","primary":true}]}""", """
                        {"roles":[{"value":"admin","primary":true}]}"""),
                arguments("values that differ are all kept", """
                        {"emails":[{"value":"a@x.io","type":"work"},{"value":"a@x.io","type":"home"},{"value":"A@x.io","type":"work"}]}""", """
                        {"emails":[{"value":"a@x.io","type":"work"},{"value":"a@x.io","type":"home"},{"value":"A@x.io","type":"work"}]}"""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("duplicates")
    void equalValuesOfAMultiValuedAttributeAreKeptOnce(String name, String fields, String expected) {
        ScimUserInput input = mapper.read(merged(minimalUser(), fields));

        JsonNode stored = stored(input);
        json(expected)
                .fieldNames()
                .forEachRemaining(attribute -> assertThat(stored.get(attribute))
                        .as(attribute)
                        .isEqualTo(json(expected).get(attribute)));
    }

    static Stream<Arguments> attributesWithPrimary() {
        return writableAttributes()
                .filter(a -> a.definition().isMultiValued()
                        && ResourceSchema.find(a.definition().getSubAttributes(), "primary")
                                .isPresent())
                .map(a -> arguments(a.path(), a.definition()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attributesWithPrimary")
    void atMostOneValueOfAnAttributeMayBePrimary(String path, AttributeDefinition definition) {
        ObjectNode first = (ObjectNode) validSingle(definition);
        ObjectNode second = first.deepCopy();
        valueKey(definition)
                .ifPresent(key -> second.put(
                        key,
                        key.equals("value") && definition.getName().equals("x509Certificates")
                                ? Base64.getEncoder().encodeToString("other".getBytes(StandardCharsets.UTF_8))
                                : "other-" + key));
        first.put("primary", true);
        second.put("primary", "True");

        ScimException e = rejected(() -> mapper.read(
                withAttribute(minimalUser(), path, NODES.arrayNode().add(first).add(second))));
        assertThat(e.scimType()).isEqualTo(ScimType.invalidValue);
        assertThat(e.getMessage()).contains("Attribute '" + path + "'").contains("primary");

        second.put("primary", false);
        ScimUserInput accepted = mapper.read(
                withAttribute(minimalUser(), path, NODES.arrayNode().add(first).add(second)));
        assertThat(stored(accepted).get(path)).hasSize(2);
    }

    @Test
    void aValueWithoutItsValueSubAttributeIsDroppedWhereTheSchemaGivesOne() {
        ScimUserInput input = mapper.read(merged(minimalUser(), """
                {"phoneNumbers":[{"type":"work"},{"value":"+1 555","type":"mobile"}],
                 "roles":[{"display":"no value"}],
                 "addresses":[{"type":"work","locality":"Berlin"}]}"""));

        JsonNode stored = stored(input);
        assertThat(stored.get("phoneNumbers")).isEqualTo(json("[{\"value\":\"+1 555\",\"type\":\"mobile\"}]"));
        assertThat(stored.has("roles")).isFalse();
        assertThat(stored.get("addresses"))
                .as("addresses have no value sub-attribute")
                .isEqualTo(json("[{\"type\":\"work\",\"locality\":\"Berlin\"}]"));
    }

    @ParameterizedTest
    @EnumSource(UnknownAttributes.class)
    void theResultHoldsNoMessageAttributes(UnknownAttributes unknown) {
        ObjectNode read = new ResourceReader(USERS, unknown).read(merged(minimalUser(), """
                {"id":"u-9","meta":{"location":"x"},"SCHEMAS":["urn:ietf:params:scim:schemas:core:2.0:User"]}"""), "User");

        assertThat(fieldNames(read)).containsExactly("userName", "emails");
    }

    // --- helpers

    private static java.util.Optional<String> valueKey(AttributeDefinition definition) {
        return ResourceSchema.find(definition.getSubAttributes(), "value")
                .map(AttributeDefinition::getName)
                .or(() -> ResourceSchema.find(definition.getSubAttributes(), "formatted")
                        .map(AttributeDefinition::getName));
    }

    /** What write renders for a value read: the same, with the manager's $ref pointing at the manager. */
    private static JsonNode expectedRendering(Attribute attribute, JsonNode value) {
        if (attribute.path().equals(ENTERPRISE + ":manager")) {
            ObjectNode manager = value.deepCopy();
            return manager.put(
                    "$ref",
                    "https://dirsync.example/scim/v2/c1/Users/"
                            + value.get("value").asText());
        }
        return value;
    }

    private static AttributeDefinition attribute(String name, Type type, boolean multiValued) {
        return new AttributeDefinition.Builder()
                .setName(name)
                .setType(type)
                .setMultiValued(multiValued)
                .setMutability(Mutability.READ_WRITE)
                .build();
    }

    private static JsonNode upperCaseKeys(JsonNode value) {
        if (value.isObject()) {
            ObjectNode result = NODES.objectNode();
            value.fields()
                    .forEachRemaining(field ->
                            result.set(field.getKey().toUpperCase(Locale.ROOT), upperCaseKeys(field.getValue())));
            return result;
        }
        if (value.isArray()) {
            ArrayNode result = NODES.arrayNode();
            value.forEach(element -> result.add(upperCaseKeys(element)));
            return result;
        }
        return value;
    }

    /** Sets a core attribute, or an enterprise one given URN-qualified, in the body. */
    private static ObjectNode withAttribute(ObjectNode body, String path, JsonNode value) {
        if (path.startsWith(ENTERPRISE + ":")) {
            body.putObject(ENTERPRISE)
                    .set(path.substring(ENTERPRISE.length() + 1).split("\\.")[0], value);
        } else {
            body.set(path.split("\\.")[0], value);
        }
        return body;
    }

    private static ObjectNode minimalUser() {
        return (ObjectNode) json("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a@x.io","emails":[{"value":"a@x.io"}]}""");
    }

    private static ObjectNode merged(ObjectNode body, String fields) {
        ((ObjectNode) json(fields)).fields().forEachRemaining(field -> body.set(field.getKey(), field.getValue()));
        return body;
    }

    /** The profile as the JSON document it is. */
    private static JsonNode stored(ScimUserInput input) {
        return JSON.valueToTree(input.profile().attributes());
    }

    private static UserState state(ScimUserInput input) {
        return new UserState(
                "u1", "c1", input.profile(), input.active() == null || input.active(), 1, Instant.EPOCH, Instant.EPOCH);
    }

    private static ScimException rejected(ThrowingCallable call) {
        ScimException e = catchThrowableOfType(call, ScimException.class);
        assertThat(e).as("expected a ScimException").isNotNull();
        assertThat(e.status()).isEqualTo(400);
        return e;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> result = new ArrayList<>();
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
