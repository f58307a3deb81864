package io.dirsync.query.session;

import io.dirsync.query.MigratedDatabase;
import io.dirsync.query.MigratedH2;
import org.junit.jupiter.api.extension.RegisterExtension;

class H2SessionProjectionTest extends SessionProjectionTests {
    @RegisterExtension
    final MigratedH2 database = new MigratedH2("sessions");

    @Override
    MigratedDatabase database() {
        return database;
    }
}
