package io.dirsync.app.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks the stored events aggregate by aggregate, recomputing each hash from the stored columns and
 * checking it against the stored hash and the next event's link. Reports the first broken link.
 */
@Component
public class ChainVerifier {
    private static final String COLUMNS =
            "global_index, event_identifier, aggregate_identifier, sequence_number, payload_type,"
                    + " payload_revision, time_stamp, payload, meta_data";

    private final JdbcTemplate jdbc;
    private final ObjectMapper objectMapper;
    private final EventHashes hashes;

    public ChainVerifier(JdbcTemplate jdbc, ObjectMapper objectMapper) {
        this.jdbc = jdbc;
        this.objectMapper = objectMapper;
        this.hashes = new EventHashes(objectMapper);
    }

    public record Report(boolean intact, long eventsVerified, Map<String, Object> firstBrokenLink) {}

    /** All aggregates, or those of one connection (as the event log knows them). */
    public Report verify(String connectionId) {
        Walk walk = new Walk();
        if (connectionId == null) {
            jdbc.query(
                    "SELECT " + COLUMNS + " FROM domain_event_entry ORDER BY aggregate_identifier, sequence_number",
                    walk);
        } else {
            List<String> aggregates = jdbc.queryForList(
                    "SELECT DISTINCT aggregate_id FROM event_log WHERE connection_id = ?"
                            + " AND aggregate_id IS NOT NULL ORDER BY aggregate_id",
                    String.class,
                    connectionId);
            for (String aggregateId : aggregates) {
                if (walk.broken != null) {
                    break;
                }
                jdbc.query(
                        "SELECT " + COLUMNS
                                + " FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number",
                        walk,
                        aggregateId);
            }
        }
        return new Report(walk.broken == null, walk.verified, walk.broken);
    }

    private final class Walk implements RowCallbackHandler {
        private String aggregateId;
        private long expectedSequence;
        private String previousHash;
        private long verified;
        private Map<String, Object> broken;

        @Override
        public void processRow(ResultSet rs) throws SQLException {
            if (broken != null) {
                return;
            }
            String aggregate = rs.getString("aggregate_identifier");
            long sequence = rs.getLong("sequence_number");
            if (!aggregate.equals(aggregateId)) {
                aggregateId = aggregate;
                expectedSequence = 0;
                previousHash = EventHashes.GENESIS;
            }
            Map<String, Object> metadata = metadata(rs.getBytes("meta_data"));
            String stored = (String) metadata.get(EventHashes.HASH);
            String link = (String) metadata.get(EventHashes.PREVIOUS);
            String computed = hashes.hash(
                    previousHash,
                    new EventHashes.Stored(
                            rs.getString("event_identifier"),
                            aggregate,
                            sequence,
                            rs.getString("payload_type"),
                            rs.getString("payload_revision"),
                            rs.getString("time_stamp"),
                            rs.getBytes("payload"),
                            metadata));
            String problem = sequence != expectedSequence
                    ? "an event is missing before this one"
                    : stored == null
                            ? "the event carries no hash"
                            : !previousHash.equals(link)
                                    ? "the link to the previous event does not match"
                                    : !computed.equals(stored)
                                            ? "the stored event was changed after it was written"
                                            : null;
            if (problem != null) {
                broken = new LinkedHashMap<>();
                broken.put("aggregateId", aggregate);
                broken.put("sequence", sequence);
                broken.put("position", rs.getLong("global_index"));
                broken.put("eventId", rs.getString("event_identifier"));
                broken.put("problem", problem);
                return;
            }
            verified++;
            expectedSequence = sequence + 1;
            previousHash = stored;
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> metadata(byte[] bytes) {
            try {
                return bytes == null ? Map.of() : objectMapper.readValue(bytes, Map.class);
            } catch (IOException e) {
                return Map.of("unreadable", e.getMessage());
            }
        }
    }
}
