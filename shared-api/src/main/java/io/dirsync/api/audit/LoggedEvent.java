package io.dirsync.api.audit;

import com.fasterxml.jackson.annotation.JsonRawValue;

import java.time.Instant;

/** One stored event as auditors read it; {@code payload} is the stored JSON, with personal data opened (or erased). */
public record LoggedEvent(
        long position,
        String eventId,
        String aggregateId,
        Long sequence,
        String type,
        Instant timestamp,
        String connectionId,
        String actor,
        String requestId,
        @JsonRawValue String payload) {}
