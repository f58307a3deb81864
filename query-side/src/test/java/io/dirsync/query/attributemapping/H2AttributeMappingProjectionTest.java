package io.dirsync.query.attributemapping;

import io.dirsync.query.MigratedH2;

class H2AttributeMappingProjectionTest extends AttributeMappingProjectionTests {
    H2AttributeMappingProjectionTest() {
        super(new MigratedH2("attribute-mappings"));
    }
}
