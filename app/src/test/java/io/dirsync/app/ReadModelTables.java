package io.dirsync.app;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tables of the read models kept in the command's transaction, whole: every row with every column, to compare one
 * state with another.
 */
final class ReadModelTables {
    static final List<String> USERS = List.of("scim_user", "scim_user_email", "scim_user_attribute_value");
    static final List<String> GROUPS = List.of("scim_group", "scim_group_member");
    static final List<String> ALL =
            List.of("scim_user", "scim_user_email", "scim_user_attribute_value", "scim_group", "scim_group_member");
    /** The command side's userName registry, written in the command's transaction like the read models. */
    static final List<String> REGISTRY = List.of("user_registration");
    /** The role and attribute mappings and the sessions, each list with its head rows. */
    static final List<String> ROLE_MAPPINGS = List.of("connection_role_mapping_head", "connection_role_mapping");

    static final List<String> ATTRIBUTE_MAPPINGS =
            List.of("connection_attribute_mapping_head", "connection_attribute_mapping");
    static final List<String> SESSIONS = List.of("user_session_head", "user_session");
    static final List<String> MAPPINGS_AND_SESSIONS = List.of(
            "connection_role_mapping_head",
            "connection_role_mapping",
            "connection_attribute_mapping_head",
            "connection_attribute_mapping",
            "user_session_head",
            "user_session");

    private ReadModelTables() {}

    /** Each table's rows as text, sorted: two tables compare equal when they hold the same rows, in whatever order. */
    static Map<String, List<String>> snapshot(JdbcTemplate jdbc) {
        return snapshot(jdbc, ALL);
    }

    static Map<String, List<String>> snapshot(JdbcTemplate jdbc, List<String> which) {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        for (String table : which) {
            tables.put(
                    table,
                    jdbc.queryForList("SELECT * FROM " + table).stream()
                            .map(String::valueOf)
                            .sorted()
                            .toList());
        }
        return tables;
    }

    /** Fails with the rows one side has and the other lacks, table by table. */
    static void assertSameRows(Map<String, List<String>> actual, Map<String, List<String>> expected, String what) {
        StringBuilder differences = new StringBuilder();
        for (String table : expected.keySet()) {
            List<String> missing = new ArrayList<>(expected.get(table));
            actual.get(table).forEach(missing::remove);
            List<String> unexpected = new ArrayList<>(actual.get(table));
            expected.get(table).forEach(unexpected::remove);
            if (!missing.isEmpty() || !unexpected.isEmpty()) {
                differences
                        .append("\n")
                        .append(table)
                        .append(": missing ")
                        .append(missing)
                        .append("\n  unexpected ")
                        .append(unexpected);
            }
        }
        assertThat(differences.toString()).as(what).isEmpty();
    }

    static void empty(JdbcTemplate jdbc, List<String> tables) {
        tables.forEach(table -> jdbc.update("DELETE FROM " + table));
    }
}
