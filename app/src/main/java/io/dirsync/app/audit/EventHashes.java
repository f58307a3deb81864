package io.dirsync.app.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hash chain over each aggregate's events: SHA-256 of the previous event's hash and everything stored
 * for this event (identifier, aggregate, sequence, type, revision, timestamp, payload bytes, metadata other
 * than the chain itself). Computed when an event is published and again, from the stored columns, when
 * auditors verify; any edit of a stored event, or a deleted one, breaks the chain there.
 */
public final class EventHashes {
    public static final String HASH = "hash";
    public static final String PREVIOUS = "prevHash";
    public static final String GENESIS = "0".repeat(64);

    private final ObjectMapper canonical;

    public EventHashes(ObjectMapper objectMapper) {
        this.canonical = objectMapper.copy();
    }

    public record Stored(
            String eventId,
            String aggregateId,
            long sequence,
            String payloadType,
            String payloadRevision,
            String timestamp,
            byte[] payload,
            Map<String, ?> metadata) {}

    public String hash(String previous, Stored event) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {
                previous,
                event.eventId(),
                event.aggregateId(),
                Long.toString(event.sequence()),
                event.payloadType(),
                String.valueOf(event.payloadRevision()),
                event.timestamp()
            }) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            sha.update(event.payload());
            sha.update((byte) 0);
            sha.update(canonicalMetadata(event.metadata()));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** Sorted keys, chain fields left out: the same bytes whichever way the map was built or stored. */
    private byte[] canonicalMetadata(Map<String, ?> metadata) {
        Map<String, Object> sorted = new TreeMap<>(metadata);
        sorted.remove(HASH);
        sorted.remove(PREVIOUS);
        try {
            return canonical.writeValueAsBytes(sorted);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event metadata is not serialisable", e);
        }
    }
}
