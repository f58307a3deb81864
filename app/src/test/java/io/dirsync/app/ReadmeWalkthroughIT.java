package io.dirsync.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs README.md's curl walk-through, as written, against the real jar started the way the README says,
 * on an empty data directory. Only the port in its first line is changed, to a free one.
 */
class ReadmeWalkthroughIT {
    private static final Path README = Path.of("..", "README.md");

    @Test
    void theWalkthroughWorksAgainstTheRealJar(@TempDir Path workDir) throws Exception {
        String script = walkthrough()
                .replace("BASE=http://localhost:8080", "BASE=http://localhost:" + DirsyncProcess.freePort());
        int port = Integer.parseInt(script.replaceAll("(?s).*BASE=http://localhost:(\\d+).*", "$1"));
        try (DirsyncProcess service = DirsyncProcess.start(workDir, port, Map.of(), List.of(), List.of())) {
            service.awaitHealthy(Duration.ofSeconds(180));
            Path scriptFile = workDir.resolve("walkthrough.sh");
            Files.writeString(scriptFile, script);
            Process run = new ProcessBuilder("bash", "-euo", "pipefail", scriptFile.toString())
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();

            assertThat(run.exitValue()).as(output).isZero();
            assertThat(output).contains("\"bearerToken\":\"dsc_").contains("\"userName\":\"ada@example.com\"");
            assertThat(output).as("the filter found the user").contains("\"totalResults\":1");
            assertThat(output)
                    .as("the last call deactivated the user")
                    .endsWith("\"version\":\"W/\\\"1\\\"\"}}")
                    .contains("\"active\":false");
            assertThat(service.log())
                    .contains("Admin token: dsa_")
                    .doesNotContain(Files.readString(workDir.resolve("connection.json"))
                            .replaceAll(".*\"bearerToken\":\"([^\"]+)\".*", "$1")
                            .trim());
        }
    }

    private static String walkthrough() throws IOException {
        String readme = Files.readString(README);
        Matcher block = Pattern.compile("## Walk-through with curl.*?```sh\\n(.*?)```", Pattern.DOTALL)
                .matcher(readme);
        assertThat(block.find()).as("README has a walk-through block").isTrue();
        return block.group(1);
    }
}
