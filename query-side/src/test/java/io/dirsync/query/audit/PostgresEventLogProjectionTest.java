package io.dirsync.query.audit;

import io.dirsync.query.MigratedPostgres;

class PostgresEventLogProjectionTest extends EventLogProjectionTests {
    PostgresEventLogProjectionTest() {
        super(new MigratedPostgres());
    }
}
