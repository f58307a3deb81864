package io.dirsync.app;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;

/** On H2, under the service's own Content-Security-Policy: an inline script or style would be a console error. */
class H2AdminUiIT extends AdminUiContractTests {

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws IOException {
        String dir = Files.createTempDirectory("dirsync-h2-admin-ui-it").toString();
        registry.add("dirsync.data-dir", () -> dir);
    }
}
