package io.dirsync.app.erasure;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.query.audit.StoredPayloadReader;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The history's payloads: personal events opened (or erased), the rest verbatim as stored. */
@Component
public class OpenedStoredPayloads implements StoredPayloadReader {
    private final PersonalDataEnvelope envelope;
    private final ObjectMapper objectMapper;

    public OpenedStoredPayloads(PersonalDataEnvelope envelope, ObjectMapper objectMapper) {
        this.envelope = envelope;
        this.objectMapper = objectMapper;
    }

    @Override
    public String read(String payloadType, byte[] stored) {
        if (!envelope.carriesPersonalData(payloadType)) {
            return new String(stored, StandardCharsets.UTF_8);
        }
        try {
            return objectMapper.writeValueAsString(envelope.open(payloadType, objectMapper.readTree(stored)));
        } catch (IOException e) {
            throw new UncheckedIOException("A stored " + payloadType + " is not JSON", e);
        }
    }
}
