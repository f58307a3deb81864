package io.dirsync.query.connection;

import io.dirsync.query.MigratedPostgres;

class PostgresConnectionOverviewProjectionTest extends ConnectionOverviewProjectionTests {
    PostgresConnectionOverviewProjectionTest() {
        super(new MigratedPostgres());
    }
}
