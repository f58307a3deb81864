package io.dirsync.query.support;

import io.dirsync.query.MigratedH2;

class H2KeyedUpdatesTest extends KeyedUpdatesTests {
    H2KeyedUpdatesTest() {
        super(new MigratedH2("keyed-updates"));
    }
}
