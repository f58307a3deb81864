package io.dirsync.scim.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dirsync.api.connection.UnknownAttributes;
import io.dirsync.api.user.EmailAddress;
import io.dirsync.api.user.EnterpriseAttributes;
import io.dirsync.api.user.PersonName;
import io.dirsync.api.user.UserProfile;
import io.dirsync.scim.group.GroupPatchEngine;
import io.dirsync.scim.patch.PatchApplier;
import io.dirsync.scim.patch.PatchDialectNormalizer;
import io.dirsync.scim.patch.PatchRequests;
import io.dirsync.scim.schema.SchemaCatalog;
import io.dirsync.scim.user.ScimUserMapper;
import io.dirsync.scim.user.UserPatchEngine;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * PATCH bodies as an IdP might send them, valid and broken: reading them and applying them to a user or a
 * group either works or fails as a SCIM error.
 */
class PatchFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> NAMES = List.of(
            "op",
            "path",
            "value",
            "Operations",
            "schemas",
            "userName",
            "emails",
            "members",
            "displayName",
            "externalId",
            "active",
            "name",
            "givenName",
            "type",
            "primary",
            "id",
            "meta",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
            "manager",
            "department",
            "urn:dirsync:scim:schemas:extension:custom:2.0:User");
    private static final UserProfile ALICE = new UserProfile(
            "alice@contoso.com",
            "ext-1",
            new PersonName("Alice", "Doe", "Alice Doe"),
            "Alice Doe",
            List.of(
                    new EmailAddress("alice@contoso.com", "work", true),
                    new EmailAddress("a@home.example", "home", false)),
            new EnterpriseAttributes("42", null, null, null, "R&D", "boss-1"),
            Map.of("region", "EU"));

    private final PatchRequests requests = new PatchRequests(JSON);
    private final UserPatchEngine users =
            new UserPatchEngine(new ScimUserMapper(JSON), new PatchApplier(JSON, new PatchDialectNormalizer()));
    private final GroupPatchEngine groups = new GroupPatchEngine(JSON, new PatchDialectNormalizer());
    private final PatchRequests userRequests =
            new PatchRequests(JSON, SchemaCatalog.get().users());
    private final UserPatchEngine schemaUsers = new UserPatchEngine(
            new ScimUserMapper(JSON),
            new PatchApplier(
                    JSON, new PatchDialectNormalizer(), SchemaCatalog.get().users()));

    @Test
    void userPatchesApplyOrFailAsScimErrors() {
        Fuzzing.onlyScimErrors(
                "user PATCH", 3000, PatchFuzzTest::patchBody, body -> users.apply(ALICE, true, requests.read(body)));
    }

    /** Paths checked against the User schema ({@code SchemaPath}), first when the request is read, then when applied. */
    @Test
    void userPatchesCheckedAgainstTheSchemaApplyOrFailAsScimErrors() {
        Fuzzing.onlyScimErrors(
                "user PATCH with the schema",
                3000,
                PatchFuzzTest::patchBody,
                body -> schemaUsers.apply(ALICE, true, userRequests.read(body)));
        Fuzzing.onlyScimErrors(
                "user PATCH with the schema, unknown attributes kept",
                3000,
                PatchFuzzTest::patchBody,
                body -> schemaUsers.apply(
                        ALICE, true, userRequests.read(body, UnknownAttributes.KEEP), UnknownAttributes.KEEP));
    }

    @Test
    void groupPatchesApplyOrFailAsScimErrors() {
        Fuzzing.onlyScimErrors(
                "group PATCH",
                3000,
                PatchFuzzTest::patchBody,
                body -> groups.apply("g-1", "Engineering", "ext-g", Set.of("u-1", "u-2", "u-3"), requests.read(body)));
    }

    static JsonNode patchBody(Random random) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:PatchOp");
        ArrayNode operations = body.putArray("Operations");
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            ObjectNode op = operations.addObject();
            op.put(
                    "op",
                    Fuzzing.oneOf(random, "add", "replace", "remove", "Add", "Replace", "Remove", "ADD", "move", ""));
            if (random.nextInt(5) > 0) {
                op.put(
                        "path",
                        random.nextInt(4) == 0
                                ? TextMutations.mutate(random, ScimGrammar.path(random))
                                : ScimGrammar.path(random));
            }
            if (random.nextInt(6) > 0) {
                op.set("value", value(random));
            }
        }
        return random.nextInt(3) == 0 ? RandomJson.mutate(random, body, NAMES) : body;
    }

    private static JsonNode value(Random random) {
        return switch (random.nextInt(4)) {
            case 0 ->
                JsonNodeFactory.instance
                        .arrayNode()
                        .add(JsonNodeFactory.instance.objectNode().put("value", "u-" + random.nextInt(5)));
            case 1 -> JsonNodeFactory.instance.textNode(Fuzzing.oneOf(random, "False", "true", "new@contoso.com", ""));
            default -> RandomJson.value(random, 3, NAMES);
        };
    }
}
