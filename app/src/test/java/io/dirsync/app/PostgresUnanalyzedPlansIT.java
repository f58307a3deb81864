package io.dirsync.app;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lookups every SCIM create runs take the right index on a PostgreSQL that has no statistics yet: a new
 * installation until autovacuum's first analyze, or a database just restored from a dump. Then every
 * {@code (connection_id, …)} index looks equally good for an equality on {@code connection_id} and another column,
 * and PostgreSQL took the external-id index for the userName check, reading all of the connection's registrations
 * per create (1,308 blocks a lookup in the benchmark, docs/benchmarks/ANALYSIS.md).
 */
class PostgresUnanalyzedPlansIT {
    private static final int REGISTRATIONS = 3000;

    private static EmbeddedPostgres postgres;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void migratedSchemaWithoutStatistics() throws IOException {
        postgres = EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
        DataSource dataSource = postgres.getPostgresDatabase();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        // autovacuum would analyze the table within a minute and hide what a new installation runs into
        jdbc.execute("ALTER TABLE user_registration SET (autovacuum_enabled = false)");
        jdbc.update("INSERT INTO user_registration (user_id, connection_id, user_name_key, external_id, deleted)"
                + " SELECT 'user-' || g, 'connection-1', 'name-' || g, 'external-' || g, FALSE FROM generate_series(1, ?) g",
                REGISTRATIONS);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_stats WHERE tablename = 'user_registration'", Integer.class))
                .as("no statistics on the table").isZero();
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @Test
    void theUserNameCheckUsesTheUserNameIndexOnBothColumns() {
        String plan = explain("SELECT user_id, deleted FROM user_registration WHERE connection_id = 'connection-1'"
                + " AND user_name_key = 'name-5'");

        assertThat(plan).contains("Index Scan using user_registration_user_name")
                .contains("user_name_key)::text = 'name-5'").doesNotContain("Rows Removed by Filter");
    }

    @Test
    void theExternalIdLookupStillUsesItsOwnIndex() {
        String plan = explain("SELECT user_id, deleted FROM user_registration WHERE connection_id = 'connection-1'"
                + " AND external_id = 'external-5' AND deleted ORDER BY user_id");

        assertThat(plan).contains("using user_registration_external_id").contains("external_id)::text = 'external-5'");
    }

    @Test
    void theGroupMemberCheckFindsTheMembersByIdentity() {
        String plan = explain("SELECT user_id, connection_id FROM user_registration WHERE user_id IN ('user-5', 'user-6')"
                + " AND NOT deleted");

        assertThat(plan).contains("on user_registration_pkey").contains("Index Cond: ((user_id)::text = ANY");
    }

    private static String explain(String query) {
        List<String> lines = jdbc.queryForList("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + query, String.class);
        return String.join("\n", lines);
    }
}
