package io.dirsync.command.upcasting;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.api.user.UserDeactivatedEvent;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The upcaster on JSON exactly as revision 1 stored it in domain_event_entry. */
class UserDeactivatedEventUpcasterTest {
    private static final String STORED_REVISION_1 = "{\"userId\":\"u-1\",\"connectionId\":\"c-1\"}";
    private final JacksonSerializer serializer =
            JacksonSerializer.builder().objectMapper(new ObjectMapper()).build();

    @Test
    void revisionOneGainsRequestedViaUnknownAndDeserialises() {
        List<IntermediateEventRepresentation> upcast = new UserDeactivatedEventUpcaster()
                .upcast(Stream.of(stored(STORED_REVISION_1, "1")))
                .toList();

        assertThat(upcast).hasSize(1);
        assertThat(upcast.get(0).getType().getRevision()).isEqualTo("2");
        UserDeactivatedEvent event = serializer.deserialize(upcast.get(0).getData());
        assertThat(event).isEqualTo(new UserDeactivatedEvent("u-1", "c-1", "unknown"));
    }

    @Test
    void revisionTwoPassesUnchanged() {
        String json = "{\"userId\":\"u-1\",\"connectionId\":\"c-1\",\"requestedVia\":\"PATCH\"}";

        List<IntermediateEventRepresentation> upcast = new UserDeactivatedEventUpcaster()
                .upcast(Stream.of(stored(json, "2")))
                .toList();

        UserDeactivatedEvent event = serializer.deserialize(upcast.get(0).getData());
        assertThat(event.requestedVia()).isEqualTo("PATCH");
    }

    private InitialEventRepresentation stored(String payload, String revision) {
        GenericDomainEventEntry<byte[]> entry = new GenericDomainEventEntry<>(
                "User",
                "u-1",
                3,
                "event-1",
                Instant.now(),
                UserDeactivatedEvent.class.getName(),
                revision,
                payload.getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8));
        return new InitialEventRepresentation(entry, serializer);
    }
}
