package io.dirsync.app;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;

/** Issue 20's metrics, health and log ids on the embedded default: H2 in files. */
class H2MonitoringIT extends MonitoringContractTests {

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws IOException {
        String dir = Files.createTempDirectory("dirsync-h2-monitoring").toString();
        registry.add("dirsync.data-dir", () -> dir);
    }
}
