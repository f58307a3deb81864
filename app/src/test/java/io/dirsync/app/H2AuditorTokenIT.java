package io.dirsync.app;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;

/** Issue 25's auditor tokens on the embedded default: H2 in files. */
class H2AuditorTokenIT extends AuditorTokenContractTests {

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws IOException {
        String dir = Files.createTempDirectory("dirsync-h2-auditor").toString();
        registry.add("dirsync.data-dir", () -> dir);
    }
}
