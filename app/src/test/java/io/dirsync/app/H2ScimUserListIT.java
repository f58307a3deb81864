package io.dirsync.app;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;

/** Listing and searching SCIM users on the embedded default: H2 in files. */
class H2ScimUserListIT extends ScimUserListContractTests {

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws IOException {
        String dir = Files.createTempDirectory("dirsync-h2-list-it").toString();
        registry.add("dirsync.data-dir", () -> dir);
    }
}
