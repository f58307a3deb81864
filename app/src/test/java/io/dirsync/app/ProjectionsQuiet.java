package io.dirsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Admin calls around the streaming projections: list them, replay them, wait until they have settled. */
final class ProjectionsQuiet {
    private final DirsyncClient client;
    private final JdbcTemplate jdbc;

    ProjectionsQuiet(DirsyncClient client, JdbcTemplate jdbc) {
        this.client = client;
        this.jdbc = jdbc;
    }

    List<String> streaming() {
        List<String> streaming = new ArrayList<>();
        for (JsonNode processor : projections()) {
            if (processor.get("type").asText().equals("streaming")) {
                streaming.add(processor.get("name").asText());
            }
        }
        return streaming;
    }

    /**
     * Every streaming processor caught up with nothing left to resolve, and every stored event indexed, three
     * polls in a row. Positions alone are no fence: a transaction that took its global index earlier but
     * committed later leaves a gap that the processors fill a little after they pass it.
     */
    void await() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        int quietRounds = 0;
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = projections();
            boolean quiet = count("rm_dirty") == 0 && count("event_log") == count("domain_event_entry");
            for (JsonNode processor : last) {
                if (processor.get("type").asText().equals("streaming")) {
                    quiet &= !processor.get("replaying").asBoolean()
                            && processor.get("caughtUp").asBoolean()
                            && processor.get("lag").asLong() == 0;
                }
            }
            quietRounds = quiet ? quietRounds + 1 : 0;
            if (quietRounds == 3) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("projections never settled: rm_dirty=" + jdbc.queryForList("SELECT * FROM rm_dirty")
                + " event_log=" + count("event_log") + " events=" + count("domain_event_entry")
                + " missing from the log="
                + jdbc.queryForList("SELECT global_index, payload_type FROM domain_event_entry d WHERE NOT EXISTS"
                        + " (SELECT 1 FROM event_log l WHERE l.global_index = d.global_index)")
                + " processors=" + last);
    }

    long count(String table) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
        return count == null ? 0 : count;
    }

    private JsonNode projections() {
        return client.http()
                .send("GET", "/api/projections", DirsyncClient.ADMIN_TOKEN, null)
                .json();
    }
}
