package io.dirsync.query.group;

import io.dirsync.query.MigratedPostgres;

class PostgresScimGroupProjectionTest extends ScimGroupProjectionTests {
    PostgresScimGroupProjectionTest() {
        super(new MigratedPostgres());
    }
}
