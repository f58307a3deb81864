package io.dirsync.query.support;

import io.dirsync.query.MigratedPostgres;

class PostgresKeyedUpdatesTest extends KeyedUpdatesTests {
    PostgresKeyedUpdatesTest() {
        super(new MigratedPostgres());
    }
}
