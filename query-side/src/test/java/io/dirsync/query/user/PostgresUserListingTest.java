package io.dirsync.query.user;

import io.dirsync.query.EmbeddedPostgresDatabase;
import org.junit.jupiter.api.AfterAll;

import javax.sql.DataSource;
import java.io.IOException;

class PostgresUserListingTest extends UserListingTests {
    private final EmbeddedPostgresDatabase postgres = new EmbeddedPostgresDatabase();

    @Override
    DataSource dataSource() {
        return postgres.dataSource();
    }

    @AfterAll
    void stop() throws IOException {
        postgres.close();
    }
}
