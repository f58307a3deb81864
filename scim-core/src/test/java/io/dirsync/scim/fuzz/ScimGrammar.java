package io.dirsync.scim.fuzz;

import java.util.List;
import java.util.Random;

/** Filters and attribute paths built from RFC 7644's grammar and the dialects IdPs send: mostly valid input. */
public final class ScimGrammar {
    public static final List<String> ATTRIBUTES = List.of(
            "userName",
            "externalId",
            "displayName",
            "active",
            "id",
            "name.givenName",
            "name.familyName",
            "emails",
            "emails.value",
            "emails.type",
            "members",
            "members.value",
            "meta.lastModified",
            "meta.created",
            "title",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
            "urn:ietf:params:scim:schemas:core:2.0:User:userName",
            "urn:ietf:params:scim:schemas:core:2.0:Group:displayName",
            "urn:dirsync:scim:schemas:extension:custom:2.0:User:region");
    private static final List<String> OPERATORS =
            List.of("eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "EQ", "Eq");
    private static final List<String> VALUES = List.of(
            "\"a@b.c\"",
            "\"\"",
            "\"work\"",
            "true",
            "false",
            "null",
            "42",
            "-1.5e3",
            "\"2024-01-01T00:00:00Z\"",
            "\"with \\\"quote\\\"\"",
            "\"50%_\"",
            "jyoung",
            "\"\\u00e9\"");

    private ScimGrammar() {}

    public static String filter(Random random, int depth) {
        int kind = depth <= 0 ? random.nextInt(3) : random.nextInt(8);
        return switch (kind) {
            case 0, 1 -> attribute(random) + " " + pick(random, OPERATORS) + " " + pick(random, VALUES);
            case 2 -> attribute(random) + " pr";
            case 3 ->
                filter(random, depth - 1)
                        + Fuzzing.oneOf(random, " and ", " or ", " AND ", " Or ")
                        + filter(random, depth - 1);
            case 4 -> "not (" + filter(random, depth - 1) + ")";
            case 5 -> "(" + filter(random, depth - 1) + ")";
            case 6 -> Fuzzing.oneOf(random, "emails", "members", "addresses") + "[" + filter(random, depth - 1) + "]";
            // Entra's dialect, rewritten by the normalizer
            default -> "emails[type eq \"work\"].value eq " + pick(random, VALUES);
        };
    }

    public static String path(Random random) {
        return switch (random.nextInt(5)) {
            case 0, 1 -> attribute(random);
            case 2 -> Fuzzing.oneOf(random, "emails", "members", "addresses") + "[" + filter(random, 1) + "]";
            case 3 ->
                Fuzzing.oneOf(random, "emails", "members") + "[" + filter(random, 0) + "]."
                        + Fuzzing.oneOf(random, "value", "type", "display", "primary");
            default ->
                Fuzzing.oneOf(
                        random,
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                        "urn:dirsync:scim:schemas:extension:custom:2.0:User:region",
                        "members[value eq \"u-1\"]");
        };
    }

    public static String attribute(Random random) {
        return pick(random, ATTRIBUTES);
    }

    private static String pick(Random random, List<String> values) {
        return values.get(random.nextInt(values.size()));
    }
}
