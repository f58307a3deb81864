package io.dirsync.scim.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.scim.group.ScimGroupMapper;
import io.dirsync.scim.query.AttributeSelection;
import io.dirsync.scim.query.ListRequest;
import io.dirsync.scim.user.ScimUserMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

/**
 * Request bodies and query parameters of every SCIM route, valid documents mutated and random JSON: binding them
 * either works or fails as a SCIM error.
 */
class JsonBindingFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> NAMES = List.of(
            "schemas",
            "userName",
            "externalId",
            "name",
            "givenName",
            "familyName",
            "formatted",
            "displayName",
            "emails",
            "value",
            "type",
            "primary",
            "active",
            "members",
            "filter",
            "startIndex",
            "count",
            "sortBy",
            "sortOrder",
            "attributes",
            "excludedAttributes",
            "password",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
            "manager",
            "department",
            "employeeNumber",
            "urn:dirsync:scim:schemas:extension:custom:2.0:User",
            "region");
    private static final JsonNode USER = parse("""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
             "userName":"ada@example.com","externalId":"e-1","name":{"givenName":"Ada","familyName":"Lovelace"},
             "displayName":"Ada","active":"True","emails":[{"value":"ada@example.com","type":"work","primary":true}],
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"R&D","manager":{"value":"m-1"}},
             "urn:dirsync:scim:schemas:extension:custom:2.0:User":{"region":"EU","level":3}}""");
    private static final JsonNode GROUP = parse("""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Eng","externalId":"g",
             "members":[{"value":"u-1","display":"Ada"},{"value":"u-2","$ref":null}]}""");
    private static final JsonNode SEARCH = parse("""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],"filter":"userName eq \\"a\\"",
             "startIndex":1,"count":10,"sortBy":"userName","sortOrder":"descending","attributes":["userName"]}""");

    private final ScimUserMapper users = new ScimUserMapper(JSON);
    private final ScimGroupMapper groups = new ScimGroupMapper();

    @Test
    void userBodiesBindOrFailAsScimErrors() {
        Fuzzing.onlyScimErrors("ScimUserMapper.read", 3000, random -> document(random, USER), users::read);
        Fuzzing.onlyScimErrors(
                "ScimUserMapper.read, unknown attributes kept",
                3000,
                random -> document(random, USER),
                body -> users.read(body, io.dirsync.api.connection.UnknownAttributes.KEEP));
    }

    @Test
    void groupBodiesBindOrFailAsScimErrors() {
        Fuzzing.onlyScimErrors("ScimGroupMapper.read", 3000, random -> document(random, GROUP), groups::read);
    }

    @Test
    void searchBodiesBindOrFailAsScimErrors() {
        Fuzzing.onlyScimErrors(
                "ListRequest.fromSearchRequest",
                3000,
                random -> document(random, SEARCH),
                ListRequest::fromSearchRequest);
    }

    @Test
    void listQueryParametersBindOrFailAsScimErrors() {
        Fuzzing.onlyScimErrors(
                "ListRequest.fromQuery",
                3000,
                JsonBindingFuzzTest::queryParameters,
                p -> ListRequest.fromQuery(p.get(0), p.get(1), p.get(2), p.get(3), p.get(4), p.get(5), p.get(6)));
    }

    @Test
    void attributeSelectionsApplyOrFailAsScimErrors() {
        Fuzzing.onlyScimErrors(
                "AttributeSelection",
                3000,
                JsonBindingFuzzTest::queryParameters,
                p -> AttributeSelection.of(p.get(5), p.get(6))
                        .apply(((com.fasterxml.jackson.databind.node.ObjectNode) USER.deepCopy())));
    }

    /** Mostly mutations of a valid document (near misses), sometimes any JSON at all. */
    private static JsonNode document(Random random, JsonNode valid) {
        if (random.nextInt(5) == 0) {
            return RandomJson.value(random, 4, NAMES);
        }
        JsonNode result = valid;
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            result = RandomJson.mutate(random, result, NAMES);
        }
        return result;
    }

    private static List<String> queryParameters(Random random) {
        return java.util.stream.IntStream.range(0, 7)
                .mapToObj(i -> parameter(random, i))
                .toList();
    }

    private static String parameter(Random random, int index) {
        if (random.nextInt(3) == 0) {
            return null;
        }
        String valid = switch (index) {
            case 0 -> ScimGrammar.filter(random, 2);
            case 1 -> ScimGrammar.attribute(random);
            case 2 -> Fuzzing.oneOf(random, "ascending", "descending", "DESCENDING");
            case 3, 4 -> Fuzzing.oneOf(random, "1", "0", "-5", "100", "99999999999999999999", "1.5", " 7 ", "");
            default -> String.join(",", ScimGrammar.attribute(random), ScimGrammar.attribute(random));
        };
        return random.nextInt(3) == 0 ? TextMutations.mutate(random, valid) : valid;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
