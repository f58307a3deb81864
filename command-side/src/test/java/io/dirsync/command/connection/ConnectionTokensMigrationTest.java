package io.dirsync.command.connection;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import javax.sql.DataSource;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A connection's token stored before V84 moves to connection_token and keeps working, on H2 and PostgreSQL. */
class ConnectionTokensMigrationTest {

    @Test
    void aTokenStoredBeforeV84MovesToConnectionTokenOnH2() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:tokens-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        migrateWithOneStoredToken(h2);
    }

    @Test
    void aTokenStoredBeforeV84MovesToConnectionTokenOnPostgres() throws Exception {
        try (EmbeddedPostgres postgres =
                EmbeddedPostgres.builder().setRegisterShutdownHook(false).start()) {
            migrateWithOneStoredToken(postgres.getPostgresDatabase());
        }
    }

    private static void migrateWithOneStoredToken(DataSource dataSource) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        new ResourceDatabasePopulator(new ClassPathResource("db/migration/V2__command_side_indexes.sql"))
                .execute(dataSource);
        String digest = BearerTokens.sha256Hex("dsc_before");
        jdbc.update(
                "INSERT INTO connection_credential (connection_id, token_id, token_sha256) VALUES ('c-1', 't-1', ?)",
                digest);

        new ResourceDatabasePopulator(new ClassPathResource("db/migration/V84__connection_tokens.sql"))
                .execute(dataSource);

        Map<String, Object> token = jdbc.queryForMap("SELECT * FROM connection_token");
        // the row maps of JdbcTemplate ignore the case of column names, which H2 and PostgreSQL fold differently
        assertThat(token.get("token_id")).isEqualTo("t-1");
        assertThat(token.get("connection_id")).isEqualTo("c-1");
        assertThat(token.get("token_sha256")).isEqualTo(digest);
        assertThat(token.get("created_at")).isNotNull();
        assertThat(token.get("expires_at")).isNull();
        Map<String, Object> main = jdbc.queryForMap("SELECT * FROM connection_credential");
        assertThat(main).hasSize(1).containsValue("c-1");
        assertThat(new ConnectionCredentials(jdbc)
                        .working("c-1", java.time.Instant.now())
                        .orElseThrow())
                .extracting(ConnectionCredentials.Token::sha256Hex)
                .containsExactly(digest);
    }
}
