package io.dirsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.dirsync.app.DirsyncClient.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 20 item 7 with the real jar, as the README tells an operator: {@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs}
 * makes every log line one JSON object, and a SCIM request's lines carry its request id and connection id as fields.
 */
class StructuredLogsIT {

    @Test
    void structuredLogLinesAreJsonAndAScimLineCarriesTheRequestAndConnectionIds(@TempDir Path workDir)
            throws Exception {
        Map<String, String> environment = Map.of(
                "DIRSYNC_ADMIN_TOKEN",
                DirsyncClient.ADMIN_TOKEN,
                "DIRSYNC_DATA_DIR",
                workDir.resolve("data").toString(),
                "LOGGING_STRUCTURED_FORMAT_CONSOLE",
                "ecs");
        try (DirsyncProcess dirsync =
                DirsyncProcess.start(workDir, DirsyncProcess.freePort(), environment, List.of(), List.of())) {
            dirsync.awaitHealthy(Duration.ofSeconds(180));
            DirsyncClient client = new DirsyncClient(dirsync.origin());
            Connection acme = client.createConnection("structured logs");
            assertThat(client.scim(acme, "POST", "/Users", "{broken", "X-Request-Id", "structured-log-1")
                            .status())
                    .isEqualTo(400);

            String log =
                    Polling.await(dirsync::log, text -> text.contains("structured-log-1"), "the request's log line");
            List<String> records =
                    log.lines().filter(line -> line.startsWith("{")).toList();
            assertThat(records).as("log records").hasSizeGreaterThan(5);
            List<JsonNode> parsed =
                    records.stream().map(HttpClientSupport::parse).toList();
            JsonNode line = parsed.stream()
                    .filter(record -> record.toString().contains("structured-log-1"))
                    .findFirst()
                    .orElseThrow();
            assertThat(field(line, "requestId")).as(line.toString()).isEqualTo("structured-log-1");
            assertThat(field(line, "connectionId")).as(line.toString()).isEqualTo(acme.id());
            assertThat(line.toString()).contains("answered 400");
        }
    }

    /** A field wherever the format puts it: top level or nested. */
    private static String field(JsonNode record, String name) {
        if (record.has(name)) {
            return record.get(name).asText();
        }
        for (JsonNode child : record) {
            if (child.isObject()) {
                String found = field(child, name);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
