package io.dirsync.app;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;

/** The SCIM Users contract on the embedded default: H2 in files. */
class H2ScimUsersIT extends ScimUsersContractTests {

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws IOException {
        String dir = Files.createTempDirectory("dirsync-h2-it").toString();
        registry.add("dirsync.data-dir", () -> dir);
    }
}
