package io.dirsync.query.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dirsync.api.user.EmailAddress;
import io.dirsync.api.user.EnterpriseAttributes;
import io.dirsync.api.user.PersonName;
import io.dirsync.api.user.UserProfile;
import io.dirsync.scim.ScimSchemas;
import io.dirsync.scim.user.ScimUserMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class DiscoveryDocumentsTest {
    private static final Set<String> TYPES =
            Set.of("string", "boolean", "decimal", "integer", "dateTime", "binary", "reference", "complex");
    private static final Set<String> MUTABILITIES = Set.of("readOnly", "readWrite", "immutable", "writeOnly");
    private static final Set<String> RETURNED = Set.of("always", "never", "default", "request");
    private static final Set<String> UNIQUENESS = Set.of("none", "server", "global");

    private final ObjectMapper objectMapper = new ObjectMapper();
    private final DiscoveryDocuments documents = new DiscoveryDocuments(objectMapper);

    @Test
    void everySchemaAttributeDeclaresItsCharacteristicsInRfcSpelling() {
        List<JsonNode> attributes = documents.schemas().stream()
                .flatMap(s -> attributesOf(s.get("attributes")))
                .toList();
        assertThat(attributes).isNotEmpty().allSatisfy(attribute -> {
            assertThat(attribute.path("name").isTextual())
                    .as("name of %s", attribute)
                    .isTrue();
            assertThat(attribute.path("type").asText())
                    .as("type of %s", attribute.get("name"))
                    .isIn(TYPES);
            assertThat(attribute.path("multiValued").isBoolean())
                    .as("multiValued of %s", attribute.get("name"))
                    .isTrue();
            assertThat(attribute.path("mutability").asText())
                    .as("mutability of %s", attribute.get("name"))
                    .isIn(MUTABILITIES);
            assertThat(attribute.path("returned").asText())
                    .as("returned of %s", attribute.get("name"))
                    .isIn(RETURNED);
            if (attribute.has("uniqueness")) {
                assertThat(attribute.get("uniqueness").asText()).isIn(UNIQUENESS);
            }
            assertThat(attribute.has("subAttributes"))
                    .as("subAttributes of %s", attribute.get("name"))
                    .isEqualTo(attribute.get("type").asText().equals("complex"));
        });
    }

    @Test
    void documentsCarryNoNullValues() {
        Stream.of(List.of(documents.serviceProviderConfig()), documents.resourceTypes(), documents.schemas())
                .flatMap(List::stream)
                .forEach(document -> assertThat(containsNull(document))
                        .as("null in %s", document.get("id"))
                        .isFalse());
    }

    @Test
    void userSchemaListsWhatWeStoreButNotTheServerAssignedCommonAttributes() {
        ObjectNode user = documents.schema(ScimSchemas.USER).orElseThrow();
        // RFC 7643 section 8.7.1 leaves the common attributes (section 3.1) out of the User schema. We list
        // externalId anyway, as 3.1 allows, because clients map it; id and meta are the server's own.
        // RFC 7643 section 4.1, complete
        assertThat(names(user.get("attributes")))
                .containsExactlyInAnyOrder(
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
                        "x509Certificates");
        assertThat(attribute(user, "password").get("mutability").asText()).isEqualTo("writeOnly");
        assertThat(attribute(user, "password").get("returned").asText()).isEqualTo("never");
        assertThat(attribute(user, "groups").get("mutability").asText()).isEqualTo("readOnly");

        JsonNode userName = attribute(user, "userName");
        assertThat(userName.get("required").asBoolean()).isTrue();
        assertThat(userName.get("caseExact").asBoolean()).isFalse();
        assertThat(userName.get("uniqueness").asText()).isEqualTo("server");
        assertThat(attribute(user, "externalId").get("caseExact").asBoolean()).isTrue();
        assertThat(attribute(user, "emails").get("required").asBoolean()).isTrue();
        assertThat(attribute(user, "emails").get("multiValued").asBoolean()).isTrue();
        assertThat(names(attribute(user, "name").get("subAttributes")))
                .containsExactlyInAnyOrder(
                        "givenName", "familyName", "formatted", "middleName", "honorificPrefix", "honorificSuffix");
        assertThat(names(attribute(user, "emails").get("subAttributes")))
                .containsExactlyInAnyOrder("value", "display", "type", "primary");
        assertThat(subAttribute(attribute(user, "emails"), "value")
                        .get("required")
                        .asBoolean())
                .as("dirsync requires an address: a client that reads the schema sends one")
                .isTrue();
        assertThat(names(attribute(user, "addresses").get("subAttributes")))
                .containsExactlyInAnyOrder(
                        "formatted", "streetAddress", "locality", "region", "postalCode", "country", "type", "primary");
    }

    @Test
    void userSchemasCoverEveryAttributeTheMapperWrites() {
        UserProfile profile = new UserProfile(
                "ada",
                "ext-1",
                new PersonName("Ada", "Lovelace", "Ada Lovelace"),
                "Ada L",
                List.of(new EmailAddress("ada@example.com", "work", true)),
                new EnterpriseAttributes("1", "cc", "org", "div", "dept", "manager-id"),
                Map.of("shirtSize", "M"));
        ObjectNode written = new ScimUserMapper(objectMapper).attributes(profile, true);
        ObjectNode user = documents.schema(ScimSchemas.USER).orElseThrow();
        ObjectNode enterprise = documents.schema(ScimSchemas.ENTERPRISE_USER).orElseThrow();

        Set<String> coreNames = new HashSet<>();
        written.fieldNames().forEachRemaining(coreNames::add);
        coreNames.removeAll(Set.of(ScimSchemas.ENTERPRISE_USER, ScimSchemas.CUSTOM_USER));
        assertThat(coreNames).isSubsetOf(names(user.get("attributes")));
        assertThat(fieldNames(written.get("name")))
                .isSubsetOf(names(attribute(user, "name").get("subAttributes")));
        assertThat(fieldNames(written.get("emails").get(0)))
                .isSubsetOf(names(attribute(user, "emails").get("subAttributes")));
        assertThat(fieldNames(written.get(ScimSchemas.ENTERPRISE_USER)))
                .isSubsetOf(names(enterprise.get("attributes")));
        assertThat(fieldNames(written.get(ScimSchemas.ENTERPRISE_USER).get("manager")))
                .isSubsetOf(names(attribute(enterprise, "manager").get("subAttributes")));
    }

    @Test
    void extensionAndGroupSchemas() {
        ObjectNode enterprise = documents.schema(ScimSchemas.ENTERPRISE_USER).orElseThrow();
        assertThat(names(enterprise.get("attributes")))
                .containsExactlyInAnyOrder(
                        "employeeNumber", "costCenter", "organization", "division", "department", "manager");
        assertThat(names(attribute(enterprise, "manager").get("subAttributes")))
                .containsExactlyInAnyOrder("value", "$ref", "displayName");

        ObjectNode custom = documents.schema(ScimSchemas.CUSTOM_USER).orElseThrow();
        assertThat(custom.get("name").asText()).isEqualTo("DirsyncCustomUser");
        assertThat(custom.get("attributes").isArray()).isTrue();
        assertThat(custom.get("attributes")).isEmpty();

        ObjectNode group = documents.schema(ScimSchemas.GROUP).orElseThrow();
        assertThat(attribute(group, "displayName").get("required").asBoolean()).isTrue();
        JsonNode members = attribute(group, "members");
        assertThat(members.get("type").asText()).isEqualTo("complex");
        assertThat(members.get("multiValued").asBoolean()).isTrue();
        assertThat(names(members.get("subAttributes"))).containsExactlyInAnyOrder("value", "$ref", "display", "type");
        assertThat(subAttribute(members, "type").get("canonicalValues").toString())
                .as("groups cannot be members")
                .isEqualTo("[\"User\"]");
        assertThat(subAttribute(members, "$ref").get("referenceTypes").toString())
                .isEqualTo("[\"User\"]");
        assertThat(subAttribute(attribute(enterprise, "manager"), "$ref")
                        .get("mutability")
                        .asText())
                .isEqualTo("readWrite");
    }

    @Test
    void serviceProviderConfigAdvertisesOnlyWhatIsImplemented() {
        ObjectNode config = documents.serviceProviderConfig();
        assertThat(config.get("schemas").get(0).asText()).isEqualTo(ScimSchemas.SERVICE_PROVIDER_CONFIG);
        assertThat(config.at("/patch/supported").asBoolean()).isTrue();
        assertThat(config.at("/filter/supported").asBoolean()).isTrue();
        assertThat(config.at("/filter/maxResults").asInt()).isEqualTo(1000);
        assertThat(config.at("/etag/supported").asBoolean()).isTrue();
        assertThat(config.at("/bulk/supported").isBoolean()).isTrue();
        assertThat(config.at("/bulk/supported").asBoolean()).isFalse();
        assertThat(config.at("/bulk/maxOperations").asInt(-1)).isZero();
        assertThat(config.at("/bulk/maxPayloadSize").asInt(-1)).isZero();
        assertThat(config.at("/sort/supported").isBoolean()).isTrue();
        assertThat(config.at("/sort/supported").asBoolean())
                .as("sortBy and sortOrder on /Users and .search")
                .isTrue();
        assertThat(config.at("/changePassword/supported").isBoolean()).isTrue();
        assertThat(config.at("/changePassword/supported").asBoolean()).isFalse();
        assertThat(config.get("authenticationSchemes")).hasSize(1);
        JsonNode scheme = config.get("authenticationSchemes").get(0);
        assertThat(scheme.get("type").asText()).isEqualTo("oauthbearertoken");
        assertThat(scheme.get("name").asText()).isEqualTo("OAuth Bearer Token");
        assertThat(scheme.get("description").asText()).isNotBlank();
        assertThat(scheme.get("primary").asBoolean()).isTrue();
        assertThat(config.at("/meta/resourceType").asText()).isEqualTo("ServiceProviderConfig");
    }

    @Test
    void resourceTypesReferenceSchemasThatExist() {
        Set<String> schemaIds = new HashSet<>();
        documents.schemas().forEach(schema -> schemaIds.add(schema.get("id").asText()));
        assertThat(documents.resourceTypes())
                .extracting(type -> type.get("id").asText())
                .containsExactly("User", "Group");
        assertThat(documents.resourceTypes()).allSatisfy(type -> {
            assertThat(type.get("schema").asText()).isIn(schemaIds);
            type.path("schemaExtensions")
                    .forEach(ext -> assertThat(ext.get("schema").asText()).isIn(schemaIds));
            assertThat(type.at("/meta/resourceType").asText()).isEqualTo("ResourceType");
        });
        ObjectNode user = documents.resourceType("User").orElseThrow();
        assertThat(user.get("endpoint").asText()).isEqualTo("/Users");
        assertThat(user.get("schemaExtensions"))
                .extracting(ext -> ext.get("schema").asText())
                .containsExactly(ScimSchemas.ENTERPRISE_USER, ScimSchemas.CUSTOM_USER);
        assertThat(user.get("schemaExtensions"))
                .allSatisfy(
                        ext -> assertThat(ext.get("required").asBoolean(true)).isFalse());
        assertThat(documents.resourceType("Group").orElseThrow().get("endpoint").asText())
                .isEqualTo("/Groups");
    }

    @Test
    void everyResourceNamesItsResourceType() {
        assertThat(documents.schemas()).allSatisfy(schema -> {
            assertThat(schema.at("/meta/resourceType").asText()).isEqualTo("Schema");
            assertThat(schema.get("schemas").get(0).asText()).isEqualTo(ScimSchemas.SCHEMA);
        });
        assertThat(documents.resourceTypes())
                .allSatisfy(
                        type -> assertThat(type.get("schemas").get(0).asText()).isEqualTo(ScimSchemas.RESOURCE_TYPE));
    }

    @Test
    void lookupIgnoresCaseAndCallersCannotChangeTheDocuments() {
        assertThat(documents.schema(ScimSchemas.USER.toLowerCase())).isPresent();
        assertThat(documents.resourceType("group")).isPresent();
        assertThat(documents.schema("urn:example:nope")).isEmpty();
        assertThat(documents.resourceType("Device")).isEmpty();

        documents
                .schema(ScimSchemas.USER)
                .orElseThrow()
                .withObjectProperty("meta")
                .put("location", "x");
        documents.serviceProviderConfig().withObjectProperty("meta").put("location", "x");
        documents.resourceTypes().get(0).removeAll();
        assertThat(documents
                        .schema(ScimSchemas.USER)
                        .orElseThrow()
                        .at("/meta/location")
                        .isMissingNode())
                .isTrue();
        assertThat(documents.serviceProviderConfig().at("/meta/location").isMissingNode())
                .isTrue();
        assertThat(documents.resourceTypes().get(0).get("id").asText()).isEqualTo("User");
    }

    private static Stream<JsonNode> attributesOf(JsonNode attributes) {
        List<JsonNode> all = new ArrayList<>();
        attributes.forEach(attribute -> {
            all.add(attribute);
            if (attribute.has("subAttributes")) {
                attributesOf(attribute.get("subAttributes")).forEach(all::add);
            }
        });
        return all.stream();
    }

    private static JsonNode attribute(JsonNode schema, String name) {
        for (JsonNode attribute : schema.get("attributes")) {
            if (attribute.get("name").asText().equals(name)) {
                return attribute;
            }
        }
        throw new AssertionError("no attribute " + name + " in " + schema.get("id"));
    }

    private static JsonNode subAttribute(JsonNode attribute, String name) {
        for (JsonNode sub : attribute.get("subAttributes")) {
            if (sub.get("name").asText().equals(name)) {
                return sub;
            }
        }
        throw new AssertionError("no sub-attribute " + name);
    }

    private static Set<String> names(JsonNode attributes) {
        Set<String> names = new HashSet<>();
        attributes.forEach(attribute -> names.add(attribute.get("name").asText()));
        return names;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static boolean containsNull(JsonNode node) {
        if (node.isNull()) {
            return true;
        }
        for (JsonNode child : node) {
            if (containsNull(child)) {
                return true;
            }
        }
        return false;
    }
}
