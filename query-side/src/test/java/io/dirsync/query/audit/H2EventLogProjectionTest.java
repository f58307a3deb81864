package io.dirsync.query.audit;

import io.dirsync.query.MigratedDatabase;
import io.dirsync.query.MigratedH2;
import org.junit.jupiter.api.extension.RegisterExtension;

class H2EventLogProjectionTest extends EventLogProjectionTests {
    @RegisterExtension
    final MigratedH2 database = new MigratedH2("event-log");

    @Override
    MigratedDatabase database() {
        return database;
    }
}
