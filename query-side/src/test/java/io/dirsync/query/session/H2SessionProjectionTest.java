package io.dirsync.query.session;

import io.dirsync.query.MigratedH2;

class H2SessionProjectionTest extends SessionProjectionTests {
    H2SessionProjectionTest() {
        super(new MigratedH2("sessions"));
    }
}
