package io.dirsync.app.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The event serializer: Jackson, with the personal data of events ({@link PersonalDataEnvelope}) sealed on the way
 * into the store (and into the hash chain, which thereby covers the ciphertext: destroying a key changes no stored byte, so verification stays
 * green after an erasure) and opened on the way out. Opening happens first in the upcaster chain
 * ({@link PersonalDataOpeningUpcaster}), so upcasters see plain values; it happens here again for anything that
 * deserializes stored bytes directly. Every other payload, and all metadata, passes through untouched.
 *
 * <p>A payload is sealed twice in a command, by the hash chain as it is published and by the store as it is appended,
 * so within a unit of work the stored form of each sealed payload is kept and given again: one sealing per event,
 * and the chain hashes the very bytes that are stored.
 */
public class EncryptingEventSerializer implements Serializer {
    private static final String SEALED = EncryptingEventSerializer.class.getName() + ".sealed";

    private final Serializer delegate;
    private final PersonalDataEnvelope envelope;

    public EncryptingEventSerializer(Serializer delegate, PersonalDataEnvelope envelope) {
        this.delegate = delegate;
        this.envelope = envelope;
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        if (object == null || !envelope.carriesPersonalData(object.getClass().getName())) {
            return delegate.serialize(object, expectedRepresentation);
        }
        if (expectedRepresentation != byte[].class || !CurrentUnitOfWork.isStarted()) {
            return seal(object, expectedRepresentation);
        }
        Map<Object, SerializedObject<T>> sealed =
                CurrentUnitOfWork.get().root().getOrComputeResource(SEALED, key -> new IdentityHashMap<>());
        return sealed.computeIfAbsent(object, payload -> seal(payload, expectedRepresentation));
    }

    private <T> SerializedObject<T> seal(Object object, Class<T> expectedRepresentation) {
        SerializedObject<JsonNode> plain = delegate.serialize(object, JsonNode.class);
        JsonNode sealed = envelope.seal(plain.getType().getName(), plain.getData());
        return new SimpleSerializedObject<>(
                getConverter().convert(sealed, JsonNode.class, expectedRepresentation),
                expectedRepresentation,
                plain.getType());
    }

    @Override
    public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
        return delegate.canSerializeTo(expectedRepresentation);
    }

    @Override
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        if (!envelope.carriesPersonalData(serializedObject.getType().getName())) {
            return delegate.deserialize(serializedObject);
        }
        JsonNode payload =
                getConverter().convert(serializedObject.getData(), serializedObject.getContentType(), JsonNode.class);
        JsonNode opened = envelope.open(serializedObject.getType().getName(), payload.deepCopy());
        return delegate.deserialize(new SimpleSerializedObject<>(opened, JsonNode.class, serializedObject.getType()));
    }

    @Override
    public Class classForType(SerializedType type) {
        return delegate.classForType(type);
    }

    @Override
    public SerializedType typeForClass(Class type) {
        return delegate.typeForClass(type);
    }

    @Override
    public Converter getConverter() {
        return delegate.getConverter();
    }
}
