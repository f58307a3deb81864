package io.dirsync.app.axon;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedMessage;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streams that read the same recent events share one opened copy of each, under their own tracking tokens; an event
 * whose slot another event took since is opened again, never swapped for the other.
 */
class OpenedOnceStorageEngineTest {
    record Renamed(String userId, String userName) {}

    private final AtomicInteger payloadsOpened = new AtomicInteger();
    private final JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
    private final JacksonSerializer countingSerializer = new JacksonSerializer(JacksonSerializer.builder()) {
        @Override
        @SuppressWarnings("unchecked")
        public <S, T> T deserialize(SerializedObject<S> serializedObject) {
            if (serializedObject.getType().getName().equals(Renamed.class.getName())) {
                payloadsOpened.incrementAndGet();
            }
            return (T) serializer.deserialize(serializedObject);
        }
    };
    private final List<Renamed> stored = IntStream.range(0, 6)
            .mapToObj(i -> new Renamed("user-" + i, "name-" + i))
            .toList();

    /** Like Axon's JDBC engine: every read builds new messages from the stored bytes, opened when first asked. */
    private final EventStorageEngine store = new UnusedStorageEngine() {
        @Override
        public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken after, boolean mayBlock) {
            long first = after == null ? 0 : after.position().orElseThrow() + 1;
            return IntStream.range((int) first, stored.size()).mapToObj(this::read);
        }

        private TrackedEventMessage<?> read(int index) {
            Renamed event = stored.get(index);
            return new GenericTrackedDomainEventMessage<>(
                    GapAwareTrackingToken.newInstance(index, Set.of()),
                    "User",
                    event.userId(),
                    0,
                    new SerializedMessage<>(
                            "event-" + index,
                            serializer.serialize(event, byte[].class),
                            serializer.serialize(MetaData.emptyInstance(), byte[].class),
                            countingSerializer),
                    () -> Instant.EPOCH);
        }

        @Override
        public TrackingToken createTailToken() {
            return null;
        }
    };

    private final OpenedOnceStorageEngine engine = new OpenedOnceStorageEngine(store, 4);

    @Test
    void streamsReadingTheSameEventsOpenEachOnceAndKeepTheirOwnTokens() {
        List<Object> first = payloads(engine.readEvents(GapAwareTrackingToken.newInstance(1, Set.of()), false));
        assertThat(payloadsOpened).hasValue(4);

        List<? extends TrackedEventMessage<?>> second = engine.readEvents(
                        GapAwareTrackingToken.newInstance(1, Set.of(0L)), false)
                .toList();
        assertThat(payloads(second.stream())).isEqualTo(first);
        assertThat(payloadsOpened).as("the second stream opened nothing").hasValue(4);
        assertThat(second)
                .extracting(TrackedEventMessage::trackingToken)
                .as("each message carries the token of the stream that read it")
                .containsExactly(
                        GapAwareTrackingToken.newInstance(2, Set.of()),
                        GapAwareTrackingToken.newInstance(3, Set.of()),
                        GapAwareTrackingToken.newInstance(4, Set.of()),
                        GapAwareTrackingToken.newInstance(5, Set.of()));
        assertThat(second)
                .allSatisfy(message -> assertThat(message).isInstanceOf(DomainEventMessage.class))
                .extracting(message -> ((DomainEventMessage<?>) message).getAggregateIdentifier())
                .containsExactly("user-2", "user-3", "user-4", "user-5");
    }

    @Test
    void anEventWhoseSlotAnotherEventTookIsOpenedAgainNotSwapped() {
        payloads(engine.readEvents(GapAwareTrackingToken.newInstance(1, Set.of()), false));
        assertThat(payloadsOpened).hasValue(4);

        // four slots: events 0 and 1 take the slots of 4 and 5, which the same stream then opens again
        List<Object> fromTheStart = payloads(engine.readEvents(null, false));

        assertThat(fromTheStart).isEqualTo(List.copyOf(stored));
        assertThat(payloadsOpened)
                .as("0, 1, 4 and 5 opened again; 2 and 3 shared")
                .hasValue(8);
    }

    private static List<Object> payloads(Stream<? extends TrackedEventMessage<?>> messages) {
        return messages.map(EventMessage::getPayload).map(Object.class::cast).toList();
    }
}
