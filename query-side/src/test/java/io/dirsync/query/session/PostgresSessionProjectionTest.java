package io.dirsync.query.session;

import io.dirsync.query.MigratedPostgres;

class PostgresSessionProjectionTest extends SessionProjectionTests {
    PostgresSessionProjectionTest() {
        super(new MigratedPostgres());
    }
}
