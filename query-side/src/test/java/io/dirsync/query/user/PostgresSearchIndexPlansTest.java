package io.dirsync.query.user;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.query.EmbeddedPostgresDatabase;
import io.dirsync.query.filter.FilterSql;
import io.dirsync.query.filter.SqlCondition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plans PostgreSQL makes of the SQL filters become, over users most of whose enterprise attributes are empty.
 * The sparse columns' indexes hold only the users with a value (V91), and a filter on such a column still finds its
 * users through its index: the SQL says {@code IS NOT NULL} with every comparison, which is the indexes' predicate,
 * so even the generic plan of a prepared statement may use them. A filter on emails starts from the value's index,
 * the one left on {@code scim_user_email} beside the user's (V92).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresSearchIndexPlansTest {
    private static final String ENTERPRISE = UserDirectoryFixture.ENTERPRISE;
    private final EmbeddedPostgresDatabase postgres = new EmbeddedPostgresDatabase();
    private JdbcTemplate jdbc;

    @BeforeAll
    void directoryOfMostlyEmptyColumns() {
        UserDirectoryFixture.migrate(postgres.dataSource(), new ObjectMapper());
        jdbc = new JdbcTemplate(postgres.dataSource());
        // 5,000 users without enterprise attributes, as IdPs send them for users whose entry has none; 20 with them
        jdbc.update("INSERT INTO scim_user (user_id, connection_id, user_name, user_name_key, profile, active, deleted,"
                + " version, created_at, last_modified, department_key, employee_number_key, manager_key)"
                + " SELECT 'u-' || g, 'acme', 'user' || g, 'user' || g, '{}', TRUE, FALSE, 0, now(), now(),"
                + " CASE WHEN g <= 20 THEN 'sales' END, CASE WHEN g <= 20 THEN 'e' || g END,"
                + " CASE WHEN g <= 20 THEN 'm' || g END FROM generate_series(1, 5020) g");
        jdbc.update("INSERT INTO scim_user_email (user_id, connection_id, value_key, email_value, primary_email)"
                + " SELECT 'u-' || g, 'acme', 'user' || g || '@example.com', 'user' || g || '@example.com', TRUE"
                + " FROM generate_series(1, 5020) g");
        jdbc.execute("ANALYZE scim_user");
        jdbc.execute("ANALYZE scim_user_email");
    }

    @AfterAll
    void stop() throws IOException {
        postgres.close();
    }

    /** Every column the migration names, so a column added there is checked here too. */
    static List<String> sparseColumns() {
        return SparseSearchIndexes.SPARSE_COLUMNS;
    }

    @ParameterizedTest
    @MethodSource("sparseColumns")
    void theSparseColumnsIndexesHoldOnlyUsersWithAValue(String column) {
        String definition = jdbc.queryForObject(
                "SELECT indexdef FROM pg_indexes WHERE indexname = ?", String.class, "scim_user_" + column);
        assertThat(definition).endsWith("WHERE (" + column + "_key IS NOT NULL)");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                ENTERPRISE + "department eq \"Sales\"|scim_user_department",
                ENTERPRISE + "department sw \"sa\"|scim_user_department",
                ENTERPRISE + "employeeNumber eq \"e7\"|scim_user_employee_number",
                ENTERPRISE + "manager.value eq \"m3\"|scim_user_manager",
                ENTERPRISE + "department pr|scim_user_department",
                "emails.value eq \"User7@example.com\"|scim_user_email_value_key",
                "emails eq \"user13@example.com\"|scim_user_email_value_key"
            })
    void aFilterUsesItsIndexInTheGenericPlan(String filter, String index) throws SQLException {
        SqlCondition condition = FilterSql.where(filter, UserColumns.USERS);
        try (Connection connection = postgres.dataSource().getConnection()) {
            JdbcTemplate session = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            session.execute("SET plan_cache_mode = force_generic_plan");
            session.execute("PREPARE listing AS SELECT user_id FROM scim_user WHERE connection_id = $1 AND "
                    + numbered(condition.sql(), 2));
            List<String> arguments = new ArrayList<>(List.of("'acme'"));
            condition
                    .parameters()
                    .forEach(value -> arguments.add("'" + value.toString().replace("'", "''") + "'"));
            // EXECUTE takes no bound parameters: the test's own values, quoted
            String plan = String.join(
                    "\n",
                    session.queryForList(
                            "EXPLAIN EXECUTE listing(" + String.join(", ", arguments) + ")", String.class));
            session.execute("DEALLOCATE listing");
            assertThat(plan).as(condition.sql()).contains(index).doesNotContain("Seq Scan");
            List<String> found = jdbc.queryForList(
                    "SELECT user_id FROM scim_user WHERE connection_id = 'acme' AND " + condition.sql(),
                    String.class,
                    condition.parameters().toArray());
            assertThat(found).isNotEmpty().allMatch(id -> Integer.parseInt(id.substring(2)) <= 20);
        }
    }

    /** The condition's {@code ?} placeholders as {@code $n}, from {@code first}. */
    private static String numbered(String sql, int first) {
        StringBuilder numbered = new StringBuilder();
        int next = first;
        for (char c : sql.toCharArray()) {
            numbered.append(c == '?' ? "$" + next++ : String.valueOf(c));
        }
        return numbered.toString();
    }
}
