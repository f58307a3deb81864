package io.dirsync.app.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Stamps each domain event, as it is published, with the hash chained over its aggregate's previous event.
 * The previous hash comes from earlier events of the same unit of work or from the events the aggregate was loaded
 * from ({@link ChainHeads}), else from the stored event before it.
 * The payload is hashed as the event serializer writes it, which seals personal data (see the erasure package):
 * the chain covers the ciphertext, so destroying a user's key leaves every hash valid. That serializer is
 * deterministic on purpose, since the store serializes the payload again and must produce the same bytes.
 */
@Component
public class HashChainInterceptor implements MessageDispatchInterceptor<EventMessage<?>> {
    private final Serializer eventSerializer;
    private final EventHashes hashes;
    private final JdbcTemplate jdbc;
    private final ObjectMapper objectMapper;

    public HashChainInterceptor(
            EventStore eventStore,
            @Qualifier("eventSerializer") Serializer eventSerializer,
            ObjectMapper objectMapper,
            JdbcTemplate jdbc) {
        this.eventSerializer = eventSerializer;
        this.hashes = new EventHashes(objectMapper);
        this.objectMapper = objectMapper;
        this.jdbc = jdbc;
        eventStore.registerDispatchInterceptor(this);
    }

    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
        return (index, message) -> message instanceof DomainEventMessage<?> domain ? chained(domain) : message;
    }

    private EventMessage<?> chained(DomainEventMessage<?> event) {
        ChainHeads heads = CurrentUnitOfWork.isStarted() ? ChainHeads.of(CurrentUnitOfWork.get()) : ChainHeads.none();
        String known = heads.hashAt(event.getAggregateIdentifier(), event.getSequenceNumber() - 1);
        String previous =
                known != null ? known : storedHash(event.getAggregateIdentifier(), event.getSequenceNumber() - 1);
        SerializedType type = eventSerializer.typeForClass(event.getPayloadType());
        String hash = hashes.hash(
                previous,
                new EventHashes.Stored(
                        event.getIdentifier(),
                        event.getAggregateIdentifier(),
                        event.getSequenceNumber(),
                        type.getName(),
                        type.getRevision(),
                        DateTimeUtils.formatInstant(event.getTimestamp()),
                        eventSerializer
                                .serialize(event.getPayload(), byte[].class)
                                .getData(),
                        event.getMetaData()));
        heads.record(event.getAggregateIdentifier(), event.getSequenceNumber(), hash);
        return event.andMetaData(Map.of(EventHashes.PREVIOUS, previous, EventHashes.HASH, hash));
    }

    private String storedHash(String aggregateId, long sequence) {
        if (sequence < 0) {
            return EventHashes.GENESIS;
        }
        List<byte[]> metadata = jdbc.queryForList(
                "SELECT meta_data FROM domain_event_entry WHERE aggregate_identifier = ?" + " AND sequence_number = ?",
                byte[].class,
                aggregateId,
                sequence);
        if (metadata.isEmpty()) {
            return EventHashes.GENESIS;
        }
        try {
            Object hash = objectMapper.readValue(metadata.get(0), Map.class).get(EventHashes.HASH);
            return hash == null ? EventHashes.GENESIS : hash.toString();
        } catch (IOException e) {
            throw new IllegalStateException("Unreadable metadata of " + aggregateId + "#" + sequence, e);
        }
    }
}
