package io.dirsync.query.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A user's publicMetadata as it was at an instant, with the event that set it, read from the history the
 * user-public-metadata projection keeps ({@code access_metadata_interval}, as the access review's snapshot does): the
 * value depends on the connection's attribute-mapping events too, so the user's own events cannot give it. The interval
 * that holds at T is the one with {@code valid_from <= T < valid_to}, an event at T counting as done, as in time travel.
 */
@Component
public class PastPublicMetadata {
    private static final TypeReference<LinkedHashMap<String, Object>> METADATA = new TypeReference<>() {};
    private final JdbcTemplate jdbc;
    private final ObjectMapper objectMapper;

    public PastPublicMetadata(JdbcTemplate jdbc, ObjectMapper objectMapper) {
        this.jdbc = jdbc;
        this.objectMapper = objectMapper;
    }

    /** The value then (null for an erased user) and the event that set it; empty if no value held then. */
    public Optional<UserSnapshot.CitedValue> at(String userId, Instant asOf) {
        Timestamp at = Timestamp.from(asOf.truncatedTo(ChronoUnit.MICROS));
        return jdbc
                .query(
                        "SELECT metadata, valid_from, from_aggregate, from_sequence, from_position, from_type"
                                + " FROM access_metadata_interval WHERE user_id = ? AND valid_from <= ?"
                                + " AND (valid_to IS NULL OR valid_to > ?)",
                        (rs, row) -> new UserSnapshot.CitedValue(
                                read(rs.getString(1)),
                                new UserSnapshot.CitedEvent(
                                        rs.getString(3),
                                        rs.getLong(4),
                                        rs.getLong(5),
                                        rs.getString(6),
                                        rs.getTimestamp(2).toInstant())),
                        userId,
                        at,
                        at)
                .stream()
                .findFirst();
    }

    private Map<String, Object> read(String metadata) {
        if (metadata == null) {
            return null;
        }
        try {
            return objectMapper.readValue(metadata, METADATA);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable JSON in access_metadata_interval", e);
        }
    }
}
