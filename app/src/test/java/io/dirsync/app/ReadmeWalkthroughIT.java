package io.dirsync.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs README.md's curl walk-through, as written, against the real jar started the way the README says,
 * on an empty data directory. Only the port in its first line is changed, to a free one.
 */
class ReadmeWalkthroughIT {
    private static final Path JAR = Path.of("target", "dirsync.jar");
    private static final Path README = Path.of("..", "README.md");

    @Test
    void theWalkthroughWorksAgainstTheRealJar(@TempDir Path workDir) throws Exception {
        String script = walkthrough().replace("BASE=http://localhost:8080", "BASE=http://localhost:" + freePort());
        int port = Integer.parseInt(script.replaceAll("(?s).*BASE=http://localhost:(\\d+).*", "$1"));
        Path log = workDir.resolve("dirsync.log");
        ProcessBuilder service = new ProcessBuilder("java", "-jar", JAR.toAbsolutePath().toString())
                .directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        service.environment().put("SERVER_PORT", Integer.toString(port));
        service.environment().remove("DIRSYNC_ADMIN_TOKEN");
        service.environment().remove("DIRSYNC_DATA_DIR");
        Process process = service.start();
        try {
            awaitHealthy(port, process, log);
            Path scriptFile = workDir.resolve("walkthrough.sh");
            Files.writeString(scriptFile, script);
            Process run = new ProcessBuilder("bash", "-euo", "pipefail", scriptFile.toString())
                    .directory(workDir.toFile()).redirectErrorStream(true).start();
            String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();

            assertThat(run.exitValue()).as(output).isZero();
            assertThat(output).contains("\"bearerToken\":\"dsc_").contains("\"userName\":\"ada@example.com\"");
            assertThat(output).as("the filter found the user").contains("\"totalResults\":1");
            assertThat(output).as("the last call deactivated the user").endsWith("\"version\":\"W/\\\"1\\\"\"}}")
                    .contains("\"active\":false");
            assertThat(Files.readString(log)).contains("Admin token: dsa_")
                    .doesNotContain(Files.readString(workDir.resolve("connection.json")).replaceAll(".*\"bearerToken\":\"([^\"]+)\".*", "$1").trim());
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static String walkthrough() throws IOException {
        String readme = Files.readString(README);
        Matcher block = Pattern.compile("## Walk-through with curl.*?```sh\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(block.find()).as("README has a walk-through block").isTrue();
        return block.group(1);
    }

    private static void awaitHealthy(int port, Process process, Path log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline)) {
            assertThat(process.isAlive()).as(() -> readQuietly(log)).isTrue();
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("dirsync did not become healthy: " + readQuietly(log));
    }

    private static String readQuietly(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
