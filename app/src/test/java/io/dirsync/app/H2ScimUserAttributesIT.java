package io.dirsync.app;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;

/** The contract on every User attribute on the embedded default: H2 in files. */
class H2ScimUserAttributesIT extends ScimUserAttributesContractTests {

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws IOException {
        String dir = Files.createTempDirectory("dirsync-h2-attributes").toString();
        registry.add("dirsync.data-dir", () -> dir);
    }
}
