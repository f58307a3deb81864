package io.dirsync.app.erasure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dirsync.api.attributemapping.PublicMetadataEditedEvent;
import io.dirsync.api.user.ErasedProfile;
import io.dirsync.api.user.UserProfileUpdatedEvent;
import io.dirsync.api.user.UserProvisionedEvent;
import io.dirsync.api.user.UserReprovisionedEvent;
import io.dirsync.command.erasure.UserDataKeys;

import java.io.IOException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Where the personal data of an event sits and how it is sealed: one field per event type (the whole
 * {@code profile} of the user events that carry one; the values an admin {@code set} in publicMetadata) is stored
 * as one string, {@code "pii:v1:" + base64(nonce | ciphertext | tag)}, under the data key of the event's
 * {@code userId}. Everything else (ids, connection, active, the names of removed metadata keys) stays plain, so the
 * event log, webhook ordering and hash verification never need a key.
 *
 * <p>Opening gives the field back, or, once the key is destroyed, its erased form: {@link ErasedProfile}
 * ("[erased]") for a profile, no values for a metadata edit. Events stored before encryption existed hold the field
 * as an object, not a string: they pass through unchanged, and stay readable (and unerasable: an erasure cannot
 * shred what was never encrypted without rewriting stored events, which the hash chain forbids).
 */
public final class PersonalDataEnvelope {
    static final String PREFIX = "pii:v1:";
    private static final String USER_ID = "userId";

    private record Field(String name, JsonNode erased) {}

    private final Map<String, Field> personalFields;
    private final UserDataKeys keys;
    private final PersonalDataCipher cipher = new PersonalDataCipher();
    private final ObjectMapper objectMapper;

    public PersonalDataEnvelope(UserDataKeys keys, ObjectMapper objectMapper) {
        this.keys = keys;
        this.objectMapper = objectMapper;
        Field profile = new Field("profile", objectMapper.valueToTree(ErasedProfile.INSTANCE));
        this.personalFields = Map.of(
                UserProvisionedEvent.class.getName(),
                profile,
                UserReprovisionedEvent.class.getName(),
                profile,
                UserProfileUpdatedEvent.class.getName(),
                profile,
                PublicMetadataEditedEvent.class.getName(),
                new Field("set", objectMapper.createObjectNode()));
    }

    public boolean carriesPersonalData(String payloadType) {
        return personalFields.containsKey(payloadType);
    }

    /** Replaces the plain field by its sealed form; the user's key is created on first use. */
    public JsonNode seal(String payloadType, JsonNode payload) {
        Field field = personalFields.get(payloadType);
        if (field != null
                && payload instanceof ObjectNode event
                && event.get(field.name()) instanceof ObjectNode plain
                && event.hasNonNull(USER_ID)) {
            String userId = event.get(USER_ID).asText();
            byte[] sealed = cipher.encrypt(keys.obtain(userId), userId, field.name(), bytes(plain));
            event.put(field.name(), PREFIX + Base64.getEncoder().encodeToString(sealed));
        }
        return payload;
    }

    /** Replaces a sealed field by the plain one, or by its erased form when the key is gone; plain ones stay. */
    public JsonNode open(String payloadType, JsonNode payload) {
        Field field = personalFields.get(payloadType);
        if (field != null
                && payload instanceof ObjectNode event
                && event.path(field.name()).isTextual()
                && event.get(field.name()).asText().startsWith(PREFIX)
                && event.hasNonNull(USER_ID)) {
            String userId = event.get(USER_ID).asText();
            String sealed = event.get(field.name()).asText().substring(PREFIX.length());
            event.set(
                    field.name(),
                    decrypt(userId, field.name(), sealed).orElse(field.erased().deepCopy()));
        }
        return payload;
    }

    private Optional<JsonNode> decrypt(String userId, String fieldName, String base64) {
        Optional<byte[]> key = keys.find(userId);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        byte[] plaintext =
                cipher.decrypt(key.get(), userId, fieldName, Base64.getDecoder().decode(base64));
        try {
            return Optional.of(objectMapper.readTree(plaintext));
        } catch (IOException e) {
            throw new IllegalStateException("A decrypted " + fieldName + " of user " + userId + " is not JSON", e);
        }
    }

    private byte[] bytes(JsonNode field) {
        try {
            return objectMapper.writeValueAsBytes(field);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Personal data is not serialisable", e);
        }
    }
}
