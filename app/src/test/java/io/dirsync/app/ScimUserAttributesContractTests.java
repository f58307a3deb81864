package io.dirsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.types.AttributeDefinition;
import io.dirsync.app.DirsyncClient.Connection;
import io.dirsync.app.HttpClientSupport.Response;
import io.dirsync.app.UserSchemaTable.Attribute;
import io.dirsync.app.UserSchemaTable.Samples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static io.dirsync.app.IdpDefaultMappings.ENTERPRISE;
import static io.dirsync.app.IdpDefaultMappings.WORK_ADDRESS;
import static io.dirsync.app.IdpDefaultMappings.WORK_EMAIL;
import static io.dirsync.app.IdpDefaultMappings.assertOktaRoundTrip;
import static io.dirsync.app.IdpDefaultMappings.assertRoundTrip;
import static io.dirsync.app.IdpDefaultMappings.oktaUser;
import static io.dirsync.app.IdpDefaultMappings.phone;
import static io.dirsync.app.ScimJsonAssertions.assertHolds;
import static io.dirsync.app.ScimJsonAssertions.holds;
import static io.dirsync.app.ScimJsonAssertions.holdsOne;
import static io.dirsync.app.ScimUsersContractTests.assertScimError;
import static io.dirsync.app.ScimUsersContractTests.encode;
import static io.dirsync.app.UserSchemaTable.base;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every attribute of the SCIM User over real HTTP, one row per attribute of the schema dirsync serves at /Schemas
 * ({@link UserSchemaTable}): POST, PUT, PATCH with a path and through value filters, filters and sortBy, each
 * checked with a GET. Then the requests Entra ID and Okta send with their default attribute mappings
 * ({@link IdpDefaultMappings}), each followed by a GET that returns every attribute sent. Runs once per database:
 * {@link H2ScimUserAttributesIT} and {@link PostgresScimUserAttributesIT}.
 */
@SpringBootTest(
        classes = DirsyncApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "dirsync.admin-token=" + DirsyncClient.ADMIN_TOKEN)
abstract class ScimUserAttributesContractTests {
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    DirsyncClient client;
    Connection acme;
    Samples samples;
    private final Map<Integer, String> managers = new HashMap<>();

    @BeforeEach
    void connect() {
        client = new DirsyncClient("http://127.0.0.1:" + port);
        acme = client.createConnection("attributes");
        managers.clear();
        samples = new Samples(this::manager);
    }

    static Stream<Attribute> writableAttributes() {
        return UserSchemaTable.writable();
    }

    static Stream<Attribute> singleValuedComplexAttributes() {
        return UserSchemaTable.singleValuedComplex();
    }

    static Stream<Attribute> multiValuedComplexAttributes() {
        return UserSchemaTable.multiValuedComplex();
    }

    static Stream<Attribute> writeOnlyAttributes() {
        return UserSchemaTable.writeOnly();
    }

    static Stream<Attribute> readOnlyAttributes() {
        return UserSchemaTable.readOnly();
    }

    // ---------------------------------------------------------------- POST and PUT

    @ParameterizedTest(name = "{0}")
    @MethodSource("writableAttributes")
    void aPostedAttributeIsAnsweredAndReturnedByGetAndByTheList(Attribute attribute) {
        JsonNode sent = samples.value(attribute, 1);

        Response created = post(with(base("posted@example.com"), attribute, sent));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertHolds(created.json(), attribute, sent, "POST answer");
        String id = created.json().get("id").asText();
        assertHolds(read(id), attribute, sent, "GET");
        JsonNode listed = list("id eq \"" + id + "\"");
        assertThat(listed.get("totalResults").asInt()).isEqualTo(1);
        assertHolds(listed.at("/Resources/0"), attribute, sent, "list");
        if (attribute.urn() != null) {
            assertThat(read(id).get("schemas").toString())
                    .as("schemas names the extension")
                    .contains(attribute.urn());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writableAttributes")
    void aPutChangesTheAttributeAndAPutWithoutItRemovesIt(Attribute attribute) {
        String id = createdId(with(base("put@example.com"), attribute, samples.value(attribute, 1)));
        JsonNode changed = samples.value(attribute, 2);

        Response replaced = client.scim(acme, "PUT", "/Users/" + id, with(base("put@example.com"), attribute, changed));

        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        assertHolds(replaced.json(), attribute, changed, "PUT answer");
        assertHolds(read(id), attribute, changed, "GET after PUT");
        if (attribute.required() || attribute.isActive()) {
            return; // required ones cannot be left out; a PUT without active keeps the status (ScimUsersContractTests)
        }
        Response without = client.scim(acme, "PUT", "/Users/" + id, base("put@example.com"));
        assertThat(without.status()).as(without.toString()).isEqualTo(200);
        assertThat(attribute.in(read(id)))
                .as("PUT replaces: " + attribute + " left out is gone")
                .isNull();
    }

    // ---------------------------------------------------------------- PATCH

    @ParameterizedTest(name = "{0}")
    @MethodSource("writableAttributes")
    void patchAddReplaceAndRemoveWithThePathChangeWhatGetReturns(Attribute attribute) {
        String id = createdId(base("patch@example.com"));
        if (attribute.multiValued()) {
            patchMultiValued(attribute, id);
        } else if (attribute.complex()) {
            patchSingleValuedComplex(attribute, id);
        } else if (attribute.isActive()) {
            assertThat(patched(id, "replace", "active", JSON.textNode("False"))
                            .get("active")
                            .asBoolean())
                    .isFalse();
            assertThat(patched(id, "add", "active", JSON.booleanNode(true))
                            .get("active")
                            .asBoolean())
                    .isTrue();
            assertThat(patched(id, "replace", "active", JSON.booleanNode(false))
                            .get("active")
                            .asBoolean())
                    .isFalse();
        } else {
            patchSimple(attribute, id);
        }
    }

    private void patchSimple(Attribute attribute, String id) {
        JsonNode first = samples.value(attribute, 1);
        JsonNode second = samples.value(attribute, 2);
        assertHolds(patched(id, "add", attribute.path(), first), attribute, first, "add");
        assertHolds(read(id), attribute, first, "GET after add");
        assertHolds(patched(id, "replace", attribute.path(), second), attribute, second, "replace");
        assertHolds(read(id), attribute, second, "GET after replace");
        if (attribute.required()) {
            assertScimError(patch(id, "remove", attribute.path(), null), 400, "invalidValue");
            assertHolds(read(id), attribute, second, "GET after the refused remove");
            return;
        }
        patched(id, "remove", attribute.path(), null);
        assertThat(attribute.in(read(id))).as("GET after remove").isNull();
        patched(id, "add", attribute.path(), first);
        patched(id, "replace", attribute.path(), NullNode.getInstance());
        assertThat(attribute.in(read(id))).as("GET after replace with null").isNull();
    }

    private void patchSingleValuedComplex(Attribute attribute, String id) {
        ObjectNode first = samples.object(attribute, 1);
        ObjectNode second = samples.object(attribute, 2);
        assertHolds(patched(id, "add", attribute.path(), first), attribute, first, "add");
        assertHolds(read(id), attribute, first, "GET after add");

        // RFC 7644 section 3.5.2.3: sub-attributes the replace value does not name are left unchanged
        String one = attribute.valueSubAttributes().get(0).getName();
        ObjectNode merged = first.deepCopy().set(one, second.get(one));
        patched(id, "replace", attribute.path(), JSON.objectNode().set(one, second.get(one)));
        assertHolds(read(id), attribute, merged, "GET after replacing " + one + " only");

        assertHolds(patched(id, "replace", attribute.path(), second), attribute, second, "replace");
        assertHolds(read(id), attribute, second, "GET after replace");
        patched(id, "remove", attribute.path(), null);
        assertThat(attribute.in(read(id))).as("GET after remove").isNull();
        patched(id, "add", attribute.path(), first);
        patched(id, "replace", attribute.path(), NullNode.getInstance());
        assertThat(attribute.in(read(id))).as("GET after replace with null").isNull();
    }

    private void patchMultiValued(Attribute attribute, String id) {
        ArrayNode first = (ArrayNode) samples.value(attribute, 1);
        int before = attribute.required() ? attribute.in(read(id)).size() : 0;
        patched(id, "add", attribute.path(), first);
        JsonNode values = attribute.in(read(id));
        assertThat(values).as("GET after add: " + values).hasSize(before + 2);
        first.forEach(value -> assertThat(holdsOne(values, value))
                .as(value + " added to " + values)
                .isTrue());

        patched(id, "add", attribute.path(), JSON.arrayNode().add(first.get(0)));
        assertThat(attribute.in(read(id))).as("a duplicate is not added").hasSize(before + 2);

        if (attribute.hasSub("primary")) {
            ObjectNode third = samples.element(attribute, 1, 2).put("primary", true);
            patched(id, "add", attribute.path(), JSON.arrayNode().add(third));
            JsonNode three = attribute.in(read(id));
            assertThat(three).hasSize(before + 3);
            List<JsonNode> primaries = new ArrayList<>();
            three.forEach(value -> {
                if (value.path("primary").asBoolean(false)) {
                    primaries.add(value);
                }
            });
            assertThat(primaries)
                    .as("the new primary value clears it on the others: " + three)
                    .hasSize(1);
            assertThat(holds(primaries.get(0), third))
                    .as(primaries + " is the new value")
                    .isTrue();
        }

        JsonNode second = samples.value(attribute, 2);
        assertHolds(patched(id, "replace", attribute.path(), second), attribute, second, "replace");
        assertHolds(read(id), attribute, second, "GET after replace: exactly the new values");
        if (attribute.required()) {
            assertScimError(patch(id, "remove", attribute.path(), null), 400, "invalidValue");
            assertHolds(read(id), attribute, second, "GET after the refused remove");
            return;
        }
        patched(id, "remove", attribute.path(), null);
        assertThat(attribute.in(read(id))).as("GET after remove").isNull();
        patched(id, "add", attribute.path(), first);
        patched(id, "replace", attribute.path(), NullNode.getInstance());
        assertThat(attribute.in(read(id))).as("GET after replace with null").isNull();
        patched(id, "add", attribute.path(), first);
        patched(id, "replace", attribute.path(), JSON.arrayNode());
        assertThat(attribute.in(read(id))).as("GET after replace with []").isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("singleValuedComplexAttributes")
    void patchOnASubAttributePathChangesOnlyThatSubAttribute(Attribute attribute) {
        String id = createdId(base("sub@example.com"));
        ObjectNode first = samples.object(attribute, 1);
        ObjectNode second = samples.object(attribute, 2);
        List<String> subs = attribute.valueSubAttributes().stream()
                .map(AttributeDefinition::getName)
                .toList();

        // an add onto a sub-attribute of an attribute the user does not have creates it
        patched(id, "add", attribute.path() + "." + subs.get(0), first.get(subs.get(0)));
        assertHolds(
                read(id),
                attribute,
                JSON.objectNode().set(subs.get(0), first.get(subs.get(0))),
                "GET after add of " + subs.get(0));
        patched(id, "replace", attribute.path(), first);

        ObjectNode expected = first.deepCopy();
        for (String sub : subs) {
            patched(id, "replace", attribute.path() + "." + sub, second.get(sub));
            expected.set(sub, second.get(sub));
            assertHolds(read(id), attribute, expected, "GET after replace of " + sub);
        }
        for (String sub : subs) {
            patched(id, "remove", attribute.path() + "." + sub, null);
            expected.remove(sub);
            JsonNode now = attribute.in(read(id));
            if (expected.isEmpty()) {
                assertThat(now)
                        .as("removing every sub-attribute unassigns " + attribute)
                        .isNull();
            } else {
                assertThat(now.has(sub))
                        .as("GET after remove of " + sub + ": " + now)
                        .isFalse();
                assertThat(holds(now, expected)).as("the others stay: " + now).isTrue();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("multiValuedComplexAttributes")
    void patchThroughAValueFilterChangesOnlyTheMatchingValue(Attribute attribute) {
        ArrayNode first = (ArrayNode) samples.value(attribute, 1);
        String id = createdId(with(base("filtered@example.com"), attribute, first));
        String typeA = Samples.type(attribute, 0);
        String typeB = Samples.type(attribute, 1);
        String onA = attribute.path() + "[type eq \"" + typeA + "\"]";
        String onB = attribute.path() + "[type eq \"" + typeB + "\"]";
        JsonNode second = samples.value(attribute, 2);

        ObjectNode expectedA = (ObjectNode) first.get(0).deepCopy();
        for (AttributeDefinition sub : attribute.valueSubAttributes()) {
            JsonNode changed = second.get(0).get(sub.getName());
            patched(id, "replace", onA + "." + sub.getName(), changed);
            expectedA.set(sub.getName(), changed);
            JsonNode values = attribute.in(read(id));
            assertThat(values).as(onA + "." + sub.getName()).hasSize(2);
            assertThat(holds(byType(values, typeA), expectedA))
                    .as(onA + "." + sub.getName() + " in " + values)
                    .isTrue();
            assertThat(holds(byType(values, typeB), first.get(1)))
                    .as("the other value is untouched: " + values)
                    .isTrue();
        }
        if (attribute.hasSub("primary")) {
            patched(id, "replace", onB + ".primary", JSON.booleanNode(true));
            JsonNode values = attribute.in(read(id));
            assertThat(byType(values, typeB).path("primary").asBoolean())
                    .as(values.toString())
                    .isTrue();
            assertThat(byType(values, typeA).path("primary").asBoolean(false))
                    .as("primary moved: " + values)
                    .isFalse();
        }

        patched(id, "remove", onB, null);
        JsonNode left = attribute.in(read(id));
        assertThat(left).as("remove " + onB).hasSize(1);
        assertThat(left.get(0).get("type").asText()).isEqualTo(typeA);

        // Entra: an add through a value filter that matches nothing creates a value of that type (idp-quirks 2.9)
        String key = attribute.key();
        patched(id, "add", onB + "." + key, first.get(1).get(key));
        JsonNode created = attribute.in(read(id));
        assertThat(created).as("add " + onB + "." + key + " creates the value").hasSize(2);
        assertThat(byType(created, typeB).get(key)).isEqualTo(first.get(1).get(key));
        // and an add onto the matching value replaces its sub-attribute (RFC 7644 section 3.5.2.1)
        patched(id, "add", onB + "." + key, second.get(1).get(key));
        JsonNode replaced = attribute.in(read(id));
        assertThat(replaced).hasSize(2);
        assertThat(byType(replaced, typeB).get(key))
                .as(replaced.toString())
                .isEqualTo(second.get(1).get(key));

        patched(id, "remove", onA + "." + key, null);
        JsonNode withoutKey = byType(attribute.in(read(id)), typeA);
        assertThat(withoutKey == null || !withoutKey.has(key))
                .as("remove " + onA + "." + key + ": " + withoutKey)
                .isTrue();
    }

    // ---------------------------------------------------------------- filters and sortBy

    @ParameterizedTest(name = "{0}")
    @MethodSource("writableAttributes")
    void aFilterOnTheAttributeFindsExactlyTheUserThatHasIt(Attribute attribute) {
        JsonNode first = samples.value(attribute, 1);
        JsonNode second = samples.value(attribute, 2);
        String target = createdId(with(base("target@example.com"), attribute, first));
        String decoy = createdId(with(base("decoy@example.com"), attribute, second));
        String path = attribute.path();
        Map<String, List<String>> expected = new LinkedHashMap<>();
        if (!attribute.complex()) {
            expected.put(path + " eq " + first, List.of(target));
            expected.put(path + " eq " + second, List.of(decoy));
        } else if (!attribute.multiValued()) {
            for (AttributeDefinition sub : attribute.valueSubAttributes()) {
                expected.put(path + "." + sub.getName() + " eq " + first.get(sub.getName()), List.of(target));
                expected.put(path + "." + sub.getName() + " eq " + second.get(sub.getName()), List.of(decoy));
            }
        } else {
            for (AttributeDefinition sub : attribute.valueSubAttributes()) {
                expected.put(path + "." + sub.getName() + " eq " + first.get(1).get(sub.getName()), List.of(target));
                expected.put(path + "." + sub.getName() + " eq " + second.get(0).get(sub.getName()), List.of(decoy));
            }
            String key = attribute.key();
            String typeA = "type eq \"" + Samples.type(attribute, 0) + "\"";
            String typeB = "type eq \"" + Samples.type(attribute, 1) + "\"";
            expected.put(
                    path + "[" + typeA + " and " + key + " eq " + first.get(0).get(key) + "]", List.of(target));
            expected.put(
                    path + "[" + typeB + " and " + key + " eq " + second.get(1).get(key) + "]", List.of(decoy));
            // a value filter matches within one value: type of the first, key of the second is no match
            expected.put(
                    path + "[" + typeA + " and " + key + " eq " + first.get(1).get(key) + "]", List.of());
            if (attribute.hasSub("primary")) {
                expected.put(
                        path + "[primary eq true and " + key + " eq "
                                + first.get(0).get(key) + "]",
                        List.of(target));
                expected.put(
                        path + "[primary eq true and " + key + " eq "
                                + first.get(1).get(key) + "]",
                        List.of());
            }
        }
        if (!attribute.required() && !attribute.isActive()) {
            createdId(base("bare@example.com"));
            expected.put(path + " pr", List.of(target, decoy));
            expected.put(
                    "not (" + path + " pr) and userName sw \"bare\"",
                    List.of(list("userName eq \"bare@example.com\"")
                            .at("/Resources/0/id")
                            .asText()));
        }

        // every filter is tried, so that one report names all that fail
        List<String> failures = new ArrayList<>();
        expected.forEach((filter, users) -> {
            Response response = client.scim(acme, "GET", "/Users?count=1000&filter=" + encode(filter), null);
            List<String> found = new ArrayList<>();
            if (response.status() == 200) {
                response.json()
                        .get("Resources")
                        .forEach(user -> found.add(user.get("id").asText()));
            }
            if (response.status() != 200
                    || !new java.util.HashSet<>(found).equals(new java.util.HashSet<>(users))
                    || found.size() != users.size()) {
                failures.add(filter + " -> "
                        + (response.status() == 200 ? found + ", expected " + users : response.toString()));
            }
        });
        assertThat(failures)
                .as("filters on " + attribute + " that did not find exactly the user that has the value")
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writableAttributes")
    void sortByTheAttributeOrdersTheUsersByIt(Attribute attribute) {
        if (!attribute.complex() && attribute.definition().getType() == AttributeDefinition.Type.BOOLEAN) {
            return; // RFC 7644 section 3.4.2.3 orders strings, numbers and dates; booleans have no order to check
        }
        JsonNode first = samples.value(attribute, 1);
        JsonNode second = samples.value(attribute, 2);
        String target = createdId(with(base("target@example.com"), attribute, first));
        String decoy = createdId(with(base("decoy@example.com"), attribute, second));
        // sort keys: the attribute, each sub-attribute of a complex one; a multi-valued one sorts by its primary value
        // (slot 0)
        Map<String, String[]> keys = new LinkedHashMap<>();
        if (!attribute.complex()) {
            keys.put(attribute.path(), new String[] {textOf(first), textOf(second)});
        }
        for (AttributeDefinition sub :
                attribute.complex() ? attribute.valueSubAttributes() : List.<AttributeDefinition>of()) {
            JsonNode targetValue = attribute.multiValued() ? first.get(0) : first;
            JsonNode decoyValue = attribute.multiValued() ? second.get(0) : second;
            keys.put(
                    attribute.path() + "." + sub.getName(),
                    new String[] {textOf(targetValue.get(sub.getName())), textOf(decoyValue.get(sub.getName()))});
        }
        String bare = attribute.required() ? null : createdId(base("bare@example.com"));
        String all = "id eq \"" + target + "\" or id eq \"" + decoy + "\""
                + (bare == null ? "" : " or id eq \"" + bare + "\"");

        List<String> failures = new ArrayList<>();
        keys.forEach((sortBy, values) -> {
            List<String> ascending = new ArrayList<>(
                    values[0].compareToIgnoreCase(values[1]) < 0 ? List.of(target, decoy) : List.of(decoy, target));
            if (bare != null) {
                ascending.add(bare); // RFC 7644 section 3.4.2.3: no value sorts last ascending, first descending
            }
            for (String order : List.of("ascending", "descending")) {
                List<String> wanted = order.equals("ascending") ? ascending : reversed(ascending);
                Response response = client.scim(
                        acme,
                        "GET",
                        "/Users?filter=" + encode(all) + "&sortBy=" + encode(sortBy) + "&sortOrder=" + order,
                        null);
                List<String> found = new ArrayList<>();
                if (response.status() == 200) {
                    response.json()
                            .get("Resources")
                            .forEach(user -> found.add(user.get("id").asText()));
                }
                if (!found.equals(wanted)) {
                    failures.add("sortBy=" + sortBy + " " + order + " -> "
                            + (response.status() == 200 ? found + ", expected " + wanted : response.toString()));
                }
            }
        });
        assertThat(failures)
                .as("sortBy on " + attribute + " (target " + target + ", decoy " + decoy + ", bare " + bare + ")")
                .isEmpty();
    }

    // ---------------------------------------------------------------- write-only and read-only

    @ParameterizedTest(name = "{0}")
    @MethodSource("writeOnlyAttributes")
    void aWriteOnlyAttributeIsAcceptedAndNeverReturnedNorRecorded(Attribute attribute) throws InterruptedException {
        List<String> secrets = List.of(
                "Secret-" + UUID.randomUUID(),
                "Secret-" + UUID.randomUUID(),
                "Secret-" + UUID.randomUUID(),
                "Secret-" + UUID.randomUUID());
        Response created = post(with(base("writeonly@example.com"), attribute, JSON.textNode(secrets.get(0))));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        List<Response> answers = new ArrayList<>(List.of(created));

        answers.add(client.scim(
                acme,
                "PUT",
                "/Users/" + id,
                with(base("writeonly@example.com"), attribute, JSON.textNode(secrets.get(1)))));
        answers.add(patch(id, "replace", attribute.path(), JSON.textNode(secrets.get(2))));
        answers.add(client.scim(
                acme,
                "PATCH",
                "/Users/" + id,
                ScimUsersContractTests.patch(Map.of(
                        "op",
                        "replace",
                        "value",
                        Map.of(attribute.path(), secrets.get(3), "displayName", "Write Only")))));
        answers.add(client.scim(acme, "GET", "/Users/" + id, null));
        answers.add(client.scim(acme, "GET", "/Users?filter=" + encode("id eq \"" + id + "\""), null));
        answers.add(client.scim(acme, "GET", "/Users/" + id + "?attributes=" + attribute.path(), null));

        for (Response answer : answers) {
            assertThat(answer.status()).as(answer.toString()).isIn(200, 201);
            assertThat(answer.rawBody())
                    .as("an answer names no " + attribute)
                    .doesNotContainIgnoringCase("\"" + attribute.name() + "\"");
            secrets.forEach(secret -> assertThat(answer.rawBody()).doesNotContain(secret));
        }
        assertThat(read(id).get("displayName").asText())
                .as("the rest of the path-less PATCH applied")
                .isEqualTo("Write Only");
        String history = awaitHistory(id, 2).toString();
        secrets.forEach(secret -> assertThat(history).as("the admin history").doesNotContain(secret));
        for (byte[] payload : jdbc.queryForList(
                "SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ?", byte[].class, id)) {
            secrets.forEach(secret ->
                    assertThat(new String(payload, StandardCharsets.UTF_8)).doesNotContain(secret));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readOnlyAttributes")
    void aReadOnlyAttributeIsIgnoredOnWrite(Attribute attribute) {
        JsonNode sent = readOnlyValue(attribute);
        Response created = post(with(base("readonly@example.com"), attribute, sent));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        Response replaced =
                client.scim(acme, "PUT", "/Users/" + id, with(base("readonly@example.com"), attribute, sent));
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);

        for (JsonNode user : List.of(created.json(), replaced.json(), read(id))) {
            assertThat(String.valueOf(attribute.in(user)))
                    .as("what a client sends for " + attribute + " is not kept")
                    .doesNotContain("readonly-");
        }
        assertThat(ids("userName eq \"readonly@example.com\"")).containsExactly(id);
    }

    @Test
    void groupsListTheGroupsTheUserIsAMemberOf() {
        // api-contract: "groups is read-only, computed from memberships"; RFC 7643 section 4.1.2
        String id = createdId(base("member@example.com"));
        Response group = client.scim(
                acme,
                "POST",
                "/Groups",
                DirsyncClient.group(Map.of("displayName", "Engineering", "members", List.of(Map.of("value", id)))));
        assertThat(group.status()).as(group.toString()).isEqualTo(201);
        String groupId = group.json().get("id").asText();

        for (JsonNode user : List.of(read(id), list("id eq \"" + id + "\"").at("/Resources/0"))) {
            JsonNode groups = user.get("groups");
            assertThat(groups).as("groups of " + user).isNotNull();
            assertThat(groups).hasSize(1);
            assertThat(groups.at("/0/value").asText()).isEqualTo(groupId);
            assertThat(groups.at("/0/display").asText()).isEqualTo("Engineering");
            assertThat(groups.at("/0/$ref").asText()).endsWith("/Groups/" + groupId);
        }
    }

    // ---------------------------------------------------------------- whole extensions

    @Test
    void aPathThatIsAnExtensionUrnAddsReplacesAndRemovesTheWholeExtension() {
        Map<String, List<Map<String, String>>> extensions = new LinkedHashMap<>();
        extensions.put(
                UserSchemaTable.ENTERPRISE,
                List.of(
                        Map.of("department", "Maths"),
                        Map.of("costCenter", "CC-1"),
                        Map.of("division", "Engines", "organization", "Analytical")));
        extensions.put(
                "urn:dirsync:scim:schemas:extension:custom:2.0:User",
                List.of(Map.of("level", "3"), Map.of("site", "Zurich"), Map.of("badge", "B-7")));
        extensions.put(
                "urn:ietf:params:scim:schemas:extension:Acme:2.0:User",
                List.of(Map.of("region", "EU"), Map.of("tier", "gold"), Map.of("office", "Bern")));
        extensions.forEach((urn, values) -> {
            String id = createdId(base("whole-" + Math.abs(urn.hashCode()) + "@example.com"));

            patched(id, "add", urn, json(values.get(0)));
            patched(id, "add", urn, json(values.get(1)));
            JsonNode added = read(id);
            assertThat(added.get(urn))
                    .as("add merges into " + urn)
                    .isEqualTo(json(merge(values.get(0), values.get(1))));
            assertThat(added.get("schemas").toString()).contains(urn);

            patched(id, "replace", urn, json(values.get(2)));
            assertThat(read(id).get(urn))
                    .as("replace sets " + urn + " to exactly the value")
                    .isEqualTo(json(values.get(2)));

            patched(id, "remove", urn, null);
            JsonNode removed = read(id);
            assertThat(removed.has(urn))
                    .as("remove unassigns " + urn + ": " + removed)
                    .isFalse();
            assertThat(removed.get("schemas").toString()).doesNotContain(urn);
        });
    }

    // ---------------------------------------------------------------- Entra ID and Okta with their default mappings

    @Test
    void entraCreatesWithItsDefaultMappingThenPatchesEachAttributeTheWayItSendsThem() {
        String boss = createdId(base("boss@contoso.com"));
        assertThat(lookup("userName eq \"alice@contoso.com\""))
                .as("Entra's lookup before the create")
                .isEmpty();
        String objectId = UUID.randomUUID().toString();
        String created = """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                 "externalId":"%s","userName":"alice@contoso.com","active":true,"displayName":"Alice Doe","title":"Engineer",
                 "preferredLanguage":"en-US","emails":[{"primary":true,"type":"work","value":"alice@contoso.com"}],
                 "meta":{"resourceType":"User"},"name":{"formatted":"Alice Doe","familyName":"Doe","givenName":"Alice"},
                 "addresses":[{"type":"work","formatted":"1 Microsoft Way\\nRedmond, WA 98052","streetAddress":"1 Microsoft Way",
                   "locality":"Redmond","region":"WA","postalCode":"98052","country":"US"}],
                 "phoneNumbers":[{"type":"work","value":"+1 425 555 0100"},{"type":"mobile","value":"+1 425 555 0101"},
                   {"type":"fax","value":"+1 425 555 0102"}],
                 "roles":[],
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"701984","department":"Engineering",
                   "costCenter":"CC-4711","organization":"Contoso","division":"Cloud","manager":null}}""".formatted(objectId);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("externalId", objectId);
        expected.put("userName", "alice@contoso.com");
        expected.put("active", true);
        expected.put("displayName", "Alice Doe");
        expected.put("title", "Engineer");
        expected.put("preferredLanguage", "en-US");
        expected.put(WORK_EMAIL, "alice@contoso.com");
        expected.put("name.formatted", "Alice Doe");
        expected.put("name.familyName", "Doe");
        expected.put("name.givenName", "Alice");
        expected.put(WORK_ADDRESS + ".formatted", "1 Microsoft Way\nRedmond, WA 98052");
        expected.put(WORK_ADDRESS + ".streetAddress", "1 Microsoft Way");
        expected.put(WORK_ADDRESS + ".locality", "Redmond");
        expected.put(WORK_ADDRESS + ".region", "WA");
        expected.put(WORK_ADDRESS + ".postalCode", "98052");
        expected.put(WORK_ADDRESS + ".country", "US");
        expected.put(phone("work"), "+1 425 555 0100");
        expected.put(phone("mobile"), "+1 425 555 0101");
        expected.put(phone("fax"), "+1 425 555 0102");
        expected.put(ENTERPRISE + "employeeNumber", "701984");
        expected.put(ENTERPRISE + "department", "Engineering");
        expected.put(ENTERPRISE + "costCenter", "CC-4711");
        expected.put(ENTERPRISE + "organization", "Contoso");
        expected.put(ENTERPRISE + "division", "Cloud");
        Response posted = entra("POST", "/Users", created);
        assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
        String id = posted.json().get("id").asText();
        assertRoundTrip(posted.json(), expected, "POST answer");
        assertThat(lookup("userName eq \"alice@contoso.com\"")).containsExactly(id);
        assertThat(lookup("externalId eq " + objectId))
                .as("Entra's unquoted externalId lookup")
                .containsExactly(id);
        assertThat(lookup(WORK_EMAIL + " eq \"alice@contoso.com\""))
                .as("Entra's email lookup")
                .containsExactly(id);

        // one PATCH per changed attribute, as Entra sends them (MS-SCIM, MS-COMPAT, idp-quirks 1.4 and 2.9)
        List<Object[]> changes = List.of(
                new Object[] {"Replace", "userName", "alice.doe@contoso.com"},
                new Object[] {"Replace", "displayName", "Alice Doe-Smith"},
                new Object[] {"Replace", "title", "Principal Engineer"},
                new Object[] {"Add", WORK_EMAIL, "alice.doe@contoso.com"},
                new Object[] {"Replace", "preferredLanguage", "fr-CA"},
                new Object[] {"Replace", "name.givenName", "Alicia"},
                new Object[] {"Replace", "name.familyName", "Doe-Smith"},
                new Object[] {"Replace", "name.formatted", "Alicia Doe-Smith"},
                new Object[] {"Replace", WORK_ADDRESS + ".formatted", "500 Pine St\nSeattle, WA 98101"},
                new Object[] {"Replace", WORK_ADDRESS + ".streetAddress", "500 Pine St"},
                new Object[] {"Replace", WORK_ADDRESS + ".locality", "City"},
                new Object[] {"Replace", WORK_ADDRESS + ".region", "Washington"},
                new Object[] {"Replace", WORK_ADDRESS + ".postalCode", "98101"},
                new Object[] {"Replace", WORK_ADDRESS + ".country", "CA"},
                new Object[] {"Replace", phone("work"), "+1 206 555 0100"},
                new Object[] {"Replace", phone("mobile"), "+1 206 555 0101"},
                new Object[] {"Replace", phone("fax"), "+1 206 555 0102"},
                new Object[] {"Replace", "externalId", "alicedoe"},
                new Object[] {"Replace", ENTERPRISE + "employeeNumber", "701985"},
                new Object[] {"Add", ENTERPRISE + "department", "Research"},
                new Object[] {"Replace", ENTERPRISE + "costCenter", "CC-4712"},
                new Object[] {"Replace", ENTERPRISE + "organization", "Contoso Ltd"},
                new Object[] {"Replace", ENTERPRISE + "division", "AI"});
        for (Object[] change : changes) {
            entraPatch(id, change[0], change[1], change[2]);
            expected.put((String) change[1], change[2]);
        }
        entraPatch(id, "Add", "manager", boss);
        expected.put(ENTERPRISE + "manager.value", boss);
        entraPatch(id, "Replace", "active", "False");
        expected.put("active", false);

        JsonNode user = read(id);
        assertRoundTrip(user, expected, "GET after Entra's PATCHes");
        assertThat(user.get("addresses"))
                .as("the work address was changed in place")
                .hasSize(1);
        assertThat(user.get("phoneNumbers")).hasSize(3);
        assertThat(user.get("emails")).hasSize(1);
        assertThat(user.at("/" + UserSchemaTable.ENTERPRISE + "/manager/$ref").asText())
                .endsWith("/Users/" + boss);
        assertThat(lookup("userName eq \"alice.doe@contoso.com\""))
                .as("the disabled user is still found")
                .containsExactly(id);
        assertThat(lookup("externalId eq alicedoe")).containsExactly(id);
    }

    @Test
    void entraAddsThroughValueFiltersCreateTheValuesOfThatType() {
        // MS-SCIM's create with explicit nulls, then attributes the user did not have, each as an Add on a value filter
        // path
        String boss = createdId(base("boss@contoso.com"));
        String created = """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                 "externalId":"bob","userName":"bob@contoso.com","active":true,
                 "emails":[{"primary":true,"type":"work","value":"bob@contoso.com"}],"meta":{"resourceType":"User"},
                 "name":{"formatted":"Bob Roe","familyName":"Roe","givenName":"Bob"},"roles":[],
                 "addresses":null,"phoneNumbers":null,"title":null,"manager":null}""";
        Response posted = entra("POST", "/Users", created);
        assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
        String id = posted.json().get("id").asText();

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put(WORK_ADDRESS + ".streetAddress", "1 Microsoft Way");
        expected.put(WORK_ADDRESS + ".locality", "Redmond");
        expected.put(WORK_ADDRESS + ".region", "WA");
        expected.put(WORK_ADDRESS + ".postalCode", "98052");
        expected.put(WORK_ADDRESS + ".country", "US");
        expected.put(WORK_ADDRESS + ".formatted", "1 Microsoft Way\nRedmond, WA 98052");
        expected.put("addresses[type eq \"other\"].formatted", "Building 92, office 1234");
        expected.put(phone("work"), "+1 425 555 0100");
        expected.put(phone("mobile"), "+1 425 555 0101");
        expected.put(phone("fax"), "+1 425 555 0102");
        expected.put("emails[type eq \"other\"].value", "smtp-bob@contoso.com");
        expected.put("ims[type eq \"work\"].value", "bob@teams.contoso.com");
        expected.put("title", "Engineer");
        expected.put("locale", "en-US");
        expected.put("timezone", "America/Los_Angeles");
        expected.put("urn:ietf:params:scim:schemas:extension:Contoso:2.0:User:costCode", "X-1");
        expected.forEach((path, value) -> entraPatch(id, "Add", path, value));
        // MS-SCIM Example 5: the documented manager shape
        entraPatch(id, "Add", "manager", List.of(Map.of("$ref", acme.base() + "/Users/" + boss, "value", boss)));
        expected.put(ENTERPRISE + "manager.value", boss);

        JsonNode user = read(id);
        assertRoundTrip(user, expected, "GET after Entra's adds");
        assertThat(user.get("addresses")).hasSize(2);
        assertThat(user.get("phoneNumbers")).hasSize(3);
        assertThat(user.get("emails")).hasSize(2);
        assertThat(user.at("/emails/0/primary").asBoolean()
                        || user.at("/emails/1/primary").asBoolean())
                .as("the work email stays primary: " + user.get("emails"))
                .isTrue();
        assertThat(user.get("schemas").toString()).contains("urn:ietf:params:scim:schemas:extension:Contoso:2.0:User");
    }

    @Test
    void oktaCreatesWithItsDefaultMappingThenPutsTheWholeUserAndDeactivatesWithAPathlessReplace() {
        String babbage = createdId(base("charles@okta.example"));
        String somerville = createdId(base("mary@okta.example"));
        String filter = "/Users?filter=userName%20eq%20%22ada%40okta.example%22&startIndex=1&count=100";
        Response lookup = client.scim(acme, "GET", filter, null);
        assertThat(lookup.status()).as(lookup.toString()).isEqualTo(200);
        assertThat(lookup.json().get("totalResults").asInt()).isZero();

        ObjectNode first = oktaUser(1, "ada@okta.example", babbage);
        Response posted = client.scim(acme, "POST", "/Users", first);
        assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
        String id = posted.json().get("id").asText();
        assertOktaRoundTrip(posted.json(), first, babbage, "POST answer");
        assertThat(client.scim(acme, "GET", filter, null)
                        .json()
                        .at("/Resources/0/id")
                        .asText())
                .isEqualTo(id);
        assertOktaRoundTrip(read(id), first, babbage, "GET after POST");

        ObjectNode second = oktaUser(2, "ada.lovelace@okta.example", somerville);
        Response put = client.scim(acme, "PUT", "/Users/" + id, second);
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertOktaRoundTrip(read(id), second, somerville, "GET after Okta's PUT");

        Response deactivated = client.scim(
                acme,
                "PATCH",
                "/Users/" + id,
                ScimUsersContractTests.patch(Map.of("op", "replace", "value", Map.of("active", false))));
        assertThat(deactivated.status()).as(deactivated.toString()).isEqualTo(200);
        JsonNode user = read(id);
        assertThat(user.get("active").asBoolean()).isFalse();
        second.put("active", false);
        assertOktaRoundTrip(user, second, somerville, "GET after Okta's deactivation");
    }

    /** Entra's requests carry {@code application/scim+json; charset=utf-8} and no SCIM Accept header. */
    Response entra(String method, String path, Object body) {
        return client.http()
                .send(
                        method,
                        acme.base() + path,
                        acme.token(),
                        body,
                        "Content-Type",
                        "application/scim+json; charset=utf-8",
                        "Accept",
                        "application/json");
    }

    void entraPatch(String id, Object op, Object path, Object value) {
        Response response = entra(
                "PATCH",
                "/Users/" + id,
                Map.of(
                        "schemas",
                        List.of("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
                        "Operations",
                        List.of(Map.of("op", op, "path", path, "value", value))));
        assertThat(response.status())
                .as(op + " " + path + " " + value + " -> " + response)
                .isEqualTo(200);
    }

    List<String> lookup(String filter) {
        Response response = entra("GET", "/Users?filter=" + encode(filter), null);
        assertThat(response.status()).as(filter + " -> " + response).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.json().get("Resources").forEach(user -> ids.add(user.get("id").asText()));
        return ids;
    }

    // ---------------------------------------------------------------- helpers

    String manager(int variant) {
        return managers.computeIfAbsent(variant, v -> createdId(base("manager-" + v + "@example.com")));
    }

    static ObjectNode with(ObjectNode body, Attribute attribute, JsonNode value) {
        attribute.putInto(body, value);
        return body;
    }

    Response post(Object body) {
        return client.scim(acme, "POST", "/Users", body);
    }

    String createdId(Object body) {
        Response created = post(body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    JsonNode read(String id) {
        Response response = client.scim(acme, "GET", "/Users/" + id, null);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    Response patch(String id, String op, String path, JsonNode value) {
        ObjectNode operation = JSON.objectNode().put("op", op);
        if (path != null) {
            operation.put("path", path);
        }
        if (value != null) {
            operation.set("value", value);
        }
        ObjectNode body = JSON.objectNode();
        body.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:PatchOp");
        body.putArray("Operations").add(operation);
        return client.scim(acme, "PATCH", "/Users/" + id, body);
    }

    JsonNode patched(String id, String op, String path, JsonNode value) {
        Response response = patch(id, op, path, value);
        assertThat(response.status())
                .as(op + " " + path + " " + value + " -> " + response)
                .isEqualTo(200);
        return response.json();
    }

    JsonNode list(String filter) {
        Response response = client.scim(acme, "GET", "/Users?count=1000&filter=" + encode(filter), null);
        assertThat(response.status()).as(filter + " -> " + response).isEqualTo(200);
        return response.json();
    }

    List<String> ids(String filter) {
        List<String> ids = new ArrayList<>();
        list(filter).get("Resources").forEach(user -> ids.add(user.get("id").asText()));
        return ids;
    }

    JsonNode awaitHistory(String userId, int events) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        JsonNode history;
        do {
            history = client.http()
                    .send("GET", "/api/users/" + userId + "/history", DirsyncClient.ADMIN_TOKEN, null)
                    .json();
            if (history.size() >= events) {
                return history;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("history of " + userId + " never reached " + events + " events: " + history);
    }

    /** A value for a read-only attribute with every sub-attribute set, each recognisable as the client's. */
    static JsonNode readOnlyValue(Attribute attribute) {
        if (!attribute.complex()) {
            return JSON.textNode("readonly-" + attribute.name());
        }
        ObjectNode value = JSON.objectNode();
        attribute
                .definition()
                .getSubAttributes()
                .forEach(sub -> value.put(
                        sub.getName(),
                        sub.getType() == AttributeDefinition.Type.BOOLEAN ? "true" : "readonly-" + sub.getName()));
        value.put("value", "readonly-" + UUID.randomUUID());
        return attribute.multiValued() ? JSON.arrayNode().add(value) : value;
    }

    static List<String> reversed(List<String> ids) {
        List<String> reversed = new ArrayList<>(ids);
        java.util.Collections.reverse(reversed);
        return reversed;
    }

    static JsonNode byType(JsonNode values, String type) {
        for (JsonNode value : values) {
            if (type.equals(value.path("type").asText())) {
                return value;
            }
        }
        return null;
    }

    static String textOf(JsonNode value) {
        return value.isTextual() ? value.textValue() : value.toString();
    }

    static JsonNode json(Object value) {
        return AdminApi.json(value);
    }

    static Map<String, String> merge(Map<String, String> first, Map<String, String> second) {
        Map<String, String> all = new LinkedHashMap<>(first);
        all.putAll(second);
        return all;
    }
}
