package io.dirsync.app;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The tables of the SCIM read models, whole: every row with every column, to compare one state with another. */
final class ReadModelTables {
    static final List<String> USERS = List.of("scim_user", "scim_user_email", "scim_user_attribute_value");
    static final List<String> GROUPS = List.of("scim_group", "scim_group_member");
    static final List<String> ALL = List.of("scim_user", "scim_user_email", "scim_user_attribute_value", "scim_group",
            "scim_group_member");

    private ReadModelTables() {
    }

    /** Each table's rows as text, sorted: two tables compare equal when they hold the same rows, in whatever order. */
    static Map<String, List<String>> snapshot(JdbcTemplate jdbc) {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        for (String table : ALL) {
            tables.put(table, jdbc.queryForList("SELECT * FROM " + table).stream().map(String::valueOf).sorted().toList());
        }
        return tables;
    }

    /** Fails with the rows one side has and the other lacks, table by table. */
    static void assertSameRows(Map<String, List<String>> actual, Map<String, List<String>> expected, String what) {
        StringBuilder differences = new StringBuilder();
        for (String table : ALL) {
            List<String> missing = new ArrayList<>(expected.get(table));
            actual.get(table).forEach(missing::remove);
            List<String> unexpected = new ArrayList<>(actual.get(table));
            expected.get(table).forEach(unexpected::remove);
            if (!missing.isEmpty() || !unexpected.isEmpty()) {
                differences.append("\n").append(table).append(": missing ").append(missing).append("\n  unexpected ").append(unexpected);
            }
        }
        assertThat(differences.toString()).as(what).isEmpty();
    }

    static void empty(JdbcTemplate jdbc, List<String> tables) {
        tables.forEach(table -> jdbc.update("DELETE FROM " + table));
    }
}
