package io.dirsync.app;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bad requests of {@link HardeningContractTests#badInputNeverAnswers500AndNeverChangesState}: one row each, with
 * the SCIM error it must get. Paths are relative to a connection's SCIM base; {@code {user}} and {@code {group}}
 * stand for an existing user and group, which no row may change.
 */
final class BadInputCorpus {
    static final String SCIM = "application/scim+json";
    static final int LIMIT = 1024 * 1024;

    /** @param scimType null where RFC 7644 defines none for the status */
    record Case(
            String name,
            String method,
            String path,
            String contentType,
            byte[] body,
            boolean chunked,
            int status,
            String scimType,
            String... headers) {
        @Override
        public String toString() {
            return name;
        }
    }

    private BadInputCorpus() {}

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        // --- bodies that are not JSON, or not the JSON a User is
        cases.add(post("malformed JSON", "/Users", "{\"userName\": \"x\",", 400, "invalidSyntax"));
        cases.add(post("a JSON array instead of an object", "/Users", "[{\"userName\":\"x\"}]", 400, "invalidSyntax"));
        cases.add(post("JSON null", "/Users", "null", 400, "invalidSyntax"));
        cases.add(post("an empty body", "/Users", "", 400, "invalidSyntax"));
        cases.add(post("userName a number", "/Users", user("\"userName\":42"), 400, "invalidValue"));
        cases.add(post("userName null", "/Users", user("\"userName\":null"), 400, "invalidValue"));
        cases.add(post("emails a string", "/Users", user("\"emails\":\"u1@example.com\""), 400, "invalidValue"));
        cases.add(post("emails entries null only", "/Users", user("\"emails\":[null]"), 400, "invalidValue"));
        cases.add(post(
                "no schemas",
                "/Users",
                "{\"userName\":\"u1@example.com\",\"emails\":[{\"value\":\"u1@example.com\"}]}",
                400,
                "invalidSyntax"));
        cases.add(post(
                "an attribute the User schema does not define",
                "/Users",
                user("\"favoriteColor\":\"blue\""),
                400,
                "invalidSyntax"));
        cases.add(post(
                "an attribute the enterprise schema does not define",
                "/Users",
                user("\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\":{\"employeeId\":\"7\"}"),
                400,
                "invalidSyntax"));
        cases.add(post(
                "a sub-attribute name does not define",
                "/Users",
                user("\"name\":{\"nick\":\"A\"}"),
                400,
                "invalidSyntax"));
        cases.add(post("phoneNumbers a string", "/Users", user("\"phoneNumbers\":\"+1 555\""), 400, "invalidValue"));
        cases.add(post("an address that is a number", "/Users", user("\"addresses\":[7]"), 400, "invalidValue"));
        cases.add(post("title a number", "/Users", user("\"title\":7"), 400, "invalidValue"));
        cases.add(post(
                "x509Certificates value not base64",
                "/Users",
                user("\"x509Certificates\":[{\"value\":\"%%%\"}]"),
                400,
                "invalidValue"));
        cases.add(post(
                "two primary phone numbers",
                "/Users",
                user("\"phoneNumbers\":[{\"value\":\"1\",\"primary\":true}," + "{\"value\":\"2\",\"primary\":true}]"),
                400,
                "invalidValue"));
        cases.add(post(
                "active neither boolean nor 'true'/'false'",
                "/Users",
                user("\"active\":\"maybe\""),
                400,
                "invalidValue"));
        cases.add(post("name a string", "/Users", user("\"name\":\"Ada\""), 400, "invalidValue"));
        cases.add(post(
                "enterprise manager a number",
                "/Users",
                user("\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\":{\"manager\":7}"),
                400,
                "invalidValue"));
        cases.add(post(
                "an enterprise manager that is no user of the connection",
                "/Users",
                user(
                        "\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\":{\"manager\":{\"value\":\"no-such-user\"}}"),
                400,
                "invalidValue"));
        cases.add(post(
                "unknown schemas only",
                "/Users",
                "{\"schemas\":[\"urn:example:unknown:1.0:Thing\"],"
                        + "\"userName\":\"u1@example.com\",\"emails\":[{\"value\":\"u1@example.com\"}]}",
                400,
                "invalidSyntax"));
        cases.add(post(
                "schemas a string",
                "/Users",
                "{\"schemas\":\"urn:ietf:params:scim:schemas:core:2.0:User\","
                        + "\"userName\":\"u1@example.com\",\"emails\":[{\"value\":\"u1@example.com\"}]}",
                400,
                "invalidSyntax"));
        cases.add(post(
                "a Group body sent to /Users",
                "/Users",
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"]," + "\"displayName\":\"Eng\"}",
                400,
                "invalidSyntax"));
        cases.add(post(
                "a 100,000-character userName",
                "/Users",
                user("\"userName\":\"" + "a".repeat(100_000) + "\""),
                400,
                "invalidValue"));
        cases.add(post(
                "a 300-character email type",
                "/Users",
                user("\"emails\":[{\"value\":\"u2@example.com\"," + "\"type\":\"" + "w".repeat(300) + "\"}]"),
                400,
                "invalidValue"));
        cases.add(post(
                "JSON nested 5,000 deep",
                "/Users",
                user("\"x\":" + "[".repeat(5000) + "]".repeat(5000)),
                400,
                "invalidSyntax"));
        cases.add(new Case(
                "invalid UTF-8",
                "POST",
                "/Users",
                SCIM,
                concat(
                        user("\"displayName\":\"").getBytes(StandardCharsets.UTF_8),
                        new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF},
                        "\"}".getBytes(StandardCharsets.UTF_8)),
                false,
                400,
                "invalidSyntax"));
        cases.add(new Case(
                "text/plain",
                "POST",
                "/Users",
                "text/plain",
                user("").getBytes(StandardCharsets.UTF_8),
                false,
                415,
                null));
        cases.add(new Case(
                "application/xml",
                "POST",
                "/Users",
                "application/xml",
                "<user/>".getBytes(StandardCharsets.UTF_8),
                false,
                415,
                null));
        cases.add(new Case(
                "a body over the limit with Content-Length", "POST", "/Users", SCIM, oversized(), false, 413, null));
        cases.add(new Case("a chunked body over the limit", "POST", "/Users", SCIM, oversized(), true, 413, null));
        cases.add(new Case(
                "a chunked PATCH over the limit", "PATCH", "/Users/{user}", SCIM, oversized(), true, 413, null));
        cases.add(post(
                "a duplicate userName",
                "/Users",
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                        + "\"userName\":\"CORPUS@example.com\",\"emails\":[{\"value\":\"corpus@example.com\"}]}",
                409,
                "uniqueness"));
        // --- list parameters
        cases.add(get("startIndex not a number", "/Users?startIndex=abc", 400, "invalidValue"));
        cases.add(get("count not a number", "/Users?count=1e9x", 400, "invalidValue"));
        cases.add(get("sortOrder unknown", "/Users?sortOrder=sideways", 400, "invalidValue"));
        cases.add(get("a filter that ends early", "/Users?filter=userName%20eq", 400, "invalidFilter"));
        cases.add(get(
                "a filter with an unclosed bracket",
                "/Users?filter=emails%5Btype%20eq%20%22work%22",
                400,
                "invalidFilter"));
        cases.add(get(
                "a filter with an unknown operator", "/Users?filter=userName%20xx%20%22a%22", 400, "invalidFilter"));
        cases.add(get(
                "a group filter that does not parse", "/Groups?filter=displayName%20eq%20%22a", 400, "invalidFilter"));
        cases.add(post(
                "a .search with a filter that does not parse",
                "/Users/.search",
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"],\"filter\":\"(userName eq \\\"a\\\"\"}",
                400,
                "invalidFilter"));
        cases.add(post(
                "a .search body that is no SearchRequest",
                "/Users/.search",
                "{\"filter\":\"userName pr\"}",
                400,
                "invalidSyntax"));
        cases.add(post(
                "a group .search with a filter that does not parse",
                "/Groups/.search",
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"],\"filter\":\"displayName eq\"}",
                400,
                "invalidFilter"));
        cases.add(post(
                "a group .search body that is no SearchRequest",
                "/Groups/.search",
                "{\"filter\":\"displayName pr\"}",
                400,
                "invalidSyntax"));
        cases.add(post(
                "a group .search with attributes that are no list",
                "/Groups/.search",
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"],\"excludedAttributes\":{\"members\":1}}",
                400,
                "invalidValue"));
        // --- PATCH and PUT on existing resources
        cases.add(patch(
                "a PATCH path that does not parse",
                "/Users/{user}",
                "replace",
                "\"emails[type eq\"",
                "\"x\"",
                400,
                "invalidPath"));
        cases.add(patch(
                "a PATCH path of a control character",
                "/Users/{user}",
                "add",
                "\"\\u0000\"",
                "\"x\"",
                400,
                "invalidPath"));
        cases.add(patch(
                "a PATCH removing userName", "/Users/{user}", "remove", "\"userName\"", null, 400, "invalidValue"));
        cases.add(patch(
                "a PATCH setting active to a number",
                "/Users/{user}",
                "replace",
                "\"active\"",
                "3",
                400,
                "invalidValue"));
        cases.add(patch(
                "a PATCH of an attribute the schema does not define",
                "/Users/{user}",
                "add",
                "\"favoriteColor\"",
                "\"x\"",
                400,
                "invalidPath"));
        cases.add(patch(
                "a PATCH path naming a sub-attribute of a simple attribute",
                "/Users/{user}",
                "replace",
                "\"userName.userName\"",
                "\"x\"",
                400,
                "invalidPath"));
        cases.add(patch(
                "a PATCH filtering a single-valued attribute",
                "/Users/{user}",
                "replace",
                "\"title[value eq \\\"x\\\"]\"",
                "\"x\"",
                400,
                "invalidPath"));
        cases.add(post(
                "a path-less PATCH value with an undefined attribute",
                "/Users/{user}",
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"add\",\"value\":{\"favoriteColor\":\"x\"}}]}",
                "PATCH",
                400,
                "invalidPath"));
        cases.add(post(
                "a PATCH without the PatchOp schema",
                "/Users/{user}",
                "{\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"x\"}]}",
                "PATCH",
                400,
                "invalidSyntax"));
        cases.add(post(
                "a PATCH naming another schema",
                "/Users/{user}",
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                        + "\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"x\"}]}",
                "PATCH",
                400,
                "invalidSyntax"));
        cases.add(patch(
                "Entra's manager PATCH naming no user of the connection",
                "/Users/{user}",
                "Add",
                "\"manager\"",
                "\"no-such-user\"",
                400,
                "invalidValue"));
        cases.add(patch(
                "a PATCH setting title to a number",
                "/Users/{user}",
                "replace",
                "\"title\"",
                "7",
                400,
                "invalidValue"));
        cases.add(patch(
                "a malformed PATCH of an unknown user",
                "/Users/no-such-user",
                "add",
                "\"favoriteColor\"",
                "\"x\"",
                400,
                "invalidPath"));
        cases.add(post(
                "a PATCH without Operations",
                "/Users/{user}",
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"]}",
                "PATCH",
                400,
                "invalidSyntax"));
        cases.add(patch(
                "a group PATCH path that does not parse",
                "/Groups/{group}",
                "remove",
                "\"members[value eq\"",
                null,
                400,
                "invalidPath"));
        cases.add(patch(
                "a group PATCH adding an unknown member",
                "/Groups/{group}",
                "add",
                "\"members\"",
                "[{\"value\":\"no-such-user\"}]",
                400,
                "invalidValue"));
        cases.add(patch(
                "a group PATCH removing displayName",
                "/Groups/{group}",
                "remove",
                "\"displayName\"",
                null,
                400,
                "mutability"));
        cases.add(post(
                "a PUT whose userName is a number",
                "/Users/{user}",
                user("\"userName\":42"),
                "PUT",
                400,
                "invalidValue"));
        cases.add(new Case(
                "a PUT with a stale If-Match",
                "PUT",
                "/Users/{user}",
                SCIM,
                user("").getBytes(StandardCharsets.UTF_8),
                false,
                412,
                null,
                "If-Match",
                "W/\"7\""));
        cases.add(new Case(
                "a DELETE with a stale If-Match",
                "DELETE",
                "/Users/{user}",
                null,
                null,
                false,
                412,
                null,
                "If-Match",
                "W/\"7\""));
        cases.add(post(
                "a group POST without displayName",
                "/Groups",
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"]}",
                400,
                "invalidValue"));
        cases.add(post(
                "a group POST with numbers as members",
                "/Groups",
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"Numbers\",\"members\":[1,2]}",
                400,
                "invalidValue"));
        cases.add(post(
                "a group POST without schemas", "/Groups", "{\"displayName\":\"No schemas\"}", 400, "invalidSyntax"));
        // --- unknown ids and routes
        for (String method : List.of("GET", "DELETE")) {
            cases.add(new Case(
                    method + " of an unknown user", method, "/Users/no-such-user", null, null, false, 404, null));
            cases.add(new Case(
                    method + " of an unknown group", method, "/Groups/no-such-group", null, null, false, 404, null));
        }
        cases.add(post("PUT of an unknown user", "/Users/no-such-user", user(""), "PUT", 404, null));
        cases.add(patch(
                "PATCH of an unknown user", "/Users/no-such-user", "replace", "\"displayName\"", "\"x\"", 404, null));
        cases.add(patch(
                "PATCH of an unknown group",
                "/Groups/no-such-group",
                "replace",
                "\"displayName\"",
                "\"x\"",
                404,
                null));
        cases.add(get("a 300-character user id", "/Users/" + "x".repeat(300), 404, null));
        cases.add(get("an unknown endpoint", "/Widgets", 404, null));
        cases.add(new Case("DELETE on the Users collection", "DELETE", "/Users", null, null, false, 405, null));
        return cases;
    }

    /** A valid user with one more attribute (or an override): the row's one defect. */
    static String user(String extra) {
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"corpus-new@example.com\","
                + "\"emails\":[{\"value\":\"corpus-new@example.com\",\"primary\":true}]"
                + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    private static Case post(String name, String path, String body, int status, String scimType) {
        return post(name, path, body, "POST", status, scimType);
    }

    private static Case post(String name, String path, String body, String method, int status, String scimType) {
        return new Case(name, method, path, SCIM, body.getBytes(StandardCharsets.UTF_8), false, status, scimType);
    }

    private static Case get(String name, String path, int status, String scimType) {
        return new Case(name, "GET", path, null, null, false, status, scimType);
    }

    private static Case patch(
            String name, String path, String op, String jsonPath, String jsonValue, int status, String scimType) {
        String operation = "{\"op\":\"" + op + "\",\"path\":" + jsonPath
                + (jsonValue == null ? "" : ",\"value\":" + jsonValue) + "}";
        return post(
                name,
                path,
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[" + operation + "]}",
                "PATCH",
                status,
                scimType);
    }

    /** Valid JSON one byte over the limit: only its size is wrong. */
    private static byte[] oversized() {
        String head =
                "{\"userName\":\"big@example.com\",\"emails\":[{\"value\":\"big@example.com\"}],\"displayName\":\"";
        String tail = "\"}";
        return (head + "x".repeat(LIMIT + 1 - head.length() - tail.length()) + tail).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
