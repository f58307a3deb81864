package io.dirsync.command;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import java.io.IOException;

/**
 * A real PostgreSQL with the user registry's table and one connection's 3,000 registrations, and no statistics: what
 * a new installation has until autovacuum's first analyze, or a database restored from a dump. Then every
 * {@code (connection_id, …)} index looks as good as another for an equality on the connection and one more column.
 * A JUnit extension: the database lives for the test class that registers it in a static field.
 */
public final class UnanalyzedRegistrations implements BeforeAllCallback, AfterAllCallback {
    public static final String CONNECTION = "connection-1";
    private static final int REGISTRATIONS = 3000;

    private EmbeddedPostgres postgres;
    private NamedParameterJdbcTemplate jdbc;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        postgres = EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
        // the migrations that shape user_registration, as they are shipped (the others need the query side's tables)
        new ResourceDatabasePopulator(
                        new ClassPathResource("db/migration/V2__command_side_indexes.sql"),
                        new ClassPathResource("db/migration/V73__user_registration_external_id_first.sql"))
                .execute(postgres.getPostgresDatabase());
        jdbc = new NamedParameterJdbcTemplate(postgres.getPostgresDatabase());
        JdbcTemplate plain = jdbc.getJdbcTemplate();
        // autovacuum would analyze the table within a minute and hide what a new installation runs into
        plain.execute("ALTER TABLE user_registration SET (autovacuum_enabled = false)");
        plain.update(
                "INSERT INTO user_registration (user_id, connection_id, user_name_key, external_id, deleted)"
                        + " SELECT 'user-' || g, ?, 'name-' || g, 'external-' || g, FALSE FROM generate_series(1, ?) g",
                CONNECTION,
                REGISTRATIONS);
        Integer statistics = plain.queryForObject(
                "SELECT count(*) FROM pg_stats WHERE tablename = 'user_registration'", Integer.class);
        if (statistics == null || statistics != 0) {
            throw new IllegalStateException(
                    "user_registration has statistics; the plans would not be those of a new installation");
        }
    }

    /** The plan PostgreSQL runs the statement with, for these positional parameters. */
    public String plan(String sql, Object... parameters) {
        return String.join("\n", jdbc.getJdbcTemplate().queryForList(explain(sql), String.class, parameters));
    }

    /** The plan PostgreSQL runs the statement with, for these named parameters. */
    public String plan(String sql, SqlParameterSource parameters) {
        return String.join("\n", jdbc.queryForList(explain(sql), parameters, String.class));
    }

    private static String explain(String sql) {
        return "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql;
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        postgres.close();
    }
}
