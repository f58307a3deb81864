package io.dirsync.query.audit;

import io.dirsync.query.MigratedH2;

class H2EventLogProjectionTest extends EventLogProjectionTests {
    H2EventLogProjectionTest() {
        super(new MigratedH2("event-log"));
    }
}
