package io.dirsync.app.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;

/**
 * The event serializer: Jackson, with the profile of personal events sealed on the way into the store (and into the
 * hash chain, which thereby covers the ciphertext: destroying a key changes no stored byte, so verification stays
 * green after an erasure) and opened on the way out. Opening happens first in the upcaster chain
 * ({@link ProfileDecryptingUpcaster}), so upcasters see plain profiles; it happens here again for anything that
 * deserializes stored bytes directly. Every other payload, and all metadata, passes through untouched.
 */
public class EncryptingEventSerializer implements Serializer {
    private final Serializer delegate;
    private final ProfileEnvelope envelope;

    public EncryptingEventSerializer(Serializer delegate, ProfileEnvelope envelope) {
        this.delegate = delegate;
        this.envelope = envelope;
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        if (object == null || !ProfileEnvelope.carriesPersonalData(object.getClass().getName())) {
            return delegate.serialize(object, expectedRepresentation);
        }
        SerializedObject<JsonNode> plain = delegate.serialize(object, JsonNode.class);
        JsonNode sealed = envelope.seal(plain.getData());
        return new SimpleSerializedObject<>(getConverter().convert(sealed, JsonNode.class, expectedRepresentation),
                expectedRepresentation, plain.getType());
    }

    @Override
    public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
        return delegate.canSerializeTo(expectedRepresentation);
    }

    @Override
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        if (!ProfileEnvelope.carriesPersonalData(serializedObject.getType().getName())) {
            return delegate.deserialize(serializedObject);
        }
        JsonNode payload = getConverter().convert(serializedObject.getData(), serializedObject.getContentType(), JsonNode.class);
        return delegate.deserialize(new SimpleSerializedObject<>(envelope.open(payload.deepCopy()), JsonNode.class,
                serializedObject.getType()));
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
