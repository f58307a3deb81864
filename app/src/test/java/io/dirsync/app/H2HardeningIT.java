package io.dirsync.app;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;

/** Issue 6's hardening promises on the embedded default: H2 in files. */
class H2HardeningIT extends HardeningContractTests {

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws IOException {
        String dir = Files.createTempDirectory("dirsync-h2-hardening").toString();
        registry.add("dirsync.data-dir", () -> dir);
    }
}
