package io.dirsync.query.connection;

import io.dirsync.query.MigratedDatabase;
import io.dirsync.query.MigratedH2;
import org.junit.jupiter.api.extension.RegisterExtension;

class H2ConnectionOverviewProjectionTest extends ConnectionOverviewProjectionTests {
    @RegisterExtension
    final MigratedH2 database = new MigratedH2("connection-overview");

    @Override
    MigratedDatabase database() {
        return database;
    }
}
