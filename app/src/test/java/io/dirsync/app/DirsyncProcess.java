package io.dirsync.app;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real jar ({@code app/target/dirsync.jar}, built by {@code package} before the integration tests) run as
 * its own JVM process on a free port, its output in a log file. Killed with the test JVM if that one exits first.
 */
final class DirsyncProcess implements AutoCloseable {
    static final Path JAR = Path.of("target", "dirsync.jar");

    private final Process process;
    private final int port;
    private final Path log;
    private final Thread killOnExit;

    private DirsyncProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.killOnExit = new Thread(process::destroyForcibly, "kill-dirsync-" + port);
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Starts {@code java [jvmOptions] -jar dirsync.jar [arguments]} in {@code workDir} with the environment given. */
    static DirsyncProcess start(
            Path workDir, int port, Map<String, String> environment, List<String> jvmOptions, List<String> arguments)
            throws IOException {
        Files.createDirectories(workDir);
        Path log = workDir.resolve("dirsync.log");
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("DIRSYNC_ADMIN_TOKEN");
        builder.environment().remove("DIRSYNC_DATA_DIR");
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        builder.environment().putAll(environment);
        return new DirsyncProcess(builder.start(), port, log);
    }

    /**
     * A node of a cluster on the PostgreSQL at {@code postgresPort}: the admin token of {@link DirsyncClient}, the node
     * id, the claim timeout, a 1 s heartbeat, four segments per streaming projection and a small heap; more
     * environment and arguments as given.
     */
    static DirsyncProcess startClusterNode(
            Path workDir,
            int postgresPort,
            String nodeId,
            Duration claimTimeout,
            Map<String, String> moreEnvironment,
            List<String> moreArguments)
            throws IOException {
        Map<String, String> environment = new HashMap<>(Map.of(
                "SPRING_PROFILES_ACTIVE", "postgres",
                "SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres",
                "SPRING_DATASOURCE_USERNAME", "postgres",
                "SPRING_DATASOURCE_PASSWORD", "",
                "DIRSYNC_ADMIN_TOKEN", DirsyncClient.ADMIN_TOKEN,
                "AXONIQ_UPDATE_CHECKER_DISABLED", "true"));
        environment.putAll(moreEnvironment);
        List<String> arguments = new ArrayList<>(List.of(
                "--dirsync.cluster.node-id=" + nodeId,
                "--dirsync.cluster.claim-timeout=" + claimTimeout.toSeconds() + "s",
                "--dirsync.cluster.heartbeat=1s",
                // as the README tells a cluster to: segments for the nodes to split
                "--dirsync.projections.segments=4"));
        arguments.addAll(moreArguments);
        return start(
                workDir.resolve(nodeId),
                freePort(),
                environment,
                List.of("-Xmx384m", "-XX:TieredStopAtLevel=1"),
                arguments);
    }

    /** Stops the nodes (those started), then the database they share, even if a node fails to stop. */
    static void closeAll(List<DirsyncProcess> nodes, AutoCloseable database) throws Exception {
        try {
            for (DirsyncProcess node : nodes) {
                if (node != null) {
                    node.close();
                }
            }
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }

    int port() {
        return port;
    }

    String origin() {
        return "http://localhost:" + port;
    }

    Process process() {
        return process;
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    void awaitHealthy(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            assertThat(process.isAlive()).as(this::log).isTrue();
            try {
                HttpResponse<String> health = http.send(
                        HttpRequest.newBuilder(URI.create(origin() + "/actuator/health"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("dirsync on port " + port + " did not become healthy: " + log());
    }

    /** SIGKILL: no shutdown hook, no released claim, as when a machine dies. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException alreadyExiting) {
            // the hook runs anyway
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
