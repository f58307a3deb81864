package io.dirsync.query.connection;

import io.dirsync.query.MigratedH2;

class H2ConnectionOverviewProjectionTest extends ConnectionOverviewProjectionTests {
    H2ConnectionOverviewProjectionTest() {
        super(new MigratedH2("connection-overview"));
    }
}
