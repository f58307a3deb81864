package io.dirsync.app.erasure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dirsync.api.user.ErasedProfile;
import io.dirsync.api.user.UserProfileUpdatedEvent;
import io.dirsync.api.user.UserProvisionedEvent;
import io.dirsync.api.user.UserReprovisionedEvent;
import io.dirsync.command.erasure.UserDataKeys;

import java.io.IOException;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * Where the personal data of an event sits and how it is sealed: the events that carry a {@code UserProfile} store
 * it as one string, {@code "pii:v1:" + base64(nonce | ciphertext | tag)}, in place of the profile object, under the
 * data key of the event's {@code userId}. Everything else of the event (ids, connection, active) stays plain, so
 * the event log, webhooks' ordering and hash verification never need a key.
 *
 * <p>Opening gives the profile back, or, once the key is destroyed, {@link ErasedProfile} ("[erased]"). Events
 * stored before encryption existed hold a profile object, not a string: they pass through unchanged, and stay
 * readable (and unerasable: an erasure cannot shred what was never encrypted without rewriting stored events,
 * which the hash chain forbids).
 */
public final class ProfileEnvelope {
    static final String PREFIX = "pii:v1:";
    private static final String PROFILE = "profile";
    private static final String USER_ID = "userId";
    private static final Set<String> PERSONAL_EVENTS = Set.of(UserProvisionedEvent.class.getName(),
            UserReprovisionedEvent.class.getName(), UserProfileUpdatedEvent.class.getName());

    private final UserDataKeys keys;
    private final ProfileCipher cipher = new ProfileCipher();
    private final ObjectMapper objectMapper;
    private final JsonNode erased;

    public ProfileEnvelope(UserDataKeys keys, ObjectMapper objectMapper) {
        this.keys = keys;
        this.objectMapper = objectMapper;
        this.erased = objectMapper.valueToTree(ErasedProfile.INSTANCE);
    }

    public static boolean carriesPersonalData(String payloadType) {
        return PERSONAL_EVENTS.contains(payloadType);
    }

    /** Replaces the plain profile by its sealed form; the user's key is created on first use. */
    public JsonNode seal(JsonNode payload) {
        if (payload instanceof ObjectNode event && event.get(PROFILE) instanceof ObjectNode profile && event.hasNonNull(USER_ID)) {
            String userId = event.get(USER_ID).asText();
            byte[] sealed = cipher.encrypt(keys.obtain(userId), userId, bytes(profile));
            event.put(PROFILE, PREFIX + Base64.getEncoder().encodeToString(sealed));
        }
        return payload;
    }

    /** Replaces a sealed profile by the plain one, or by the erased marker when the key is gone; plain ones stay. */
    public JsonNode open(JsonNode payload) {
        if (payload instanceof ObjectNode event && event.path(PROFILE).isTextual() && event.get(PROFILE).asText().startsWith(PREFIX)
                && event.hasNonNull(USER_ID)) {
            String userId = event.get(USER_ID).asText();
            String sealed = event.get(PROFILE).asText().substring(PREFIX.length());
            event.set(PROFILE, decrypt(userId, sealed).orElse(erased.deepCopy()));
        }
        return payload;
    }

    private Optional<JsonNode> decrypt(String userId, String base64) {
        Optional<byte[]> key = keys.find(userId);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        byte[] plaintext = cipher.decrypt(key.get(), userId, Base64.getDecoder().decode(base64));
        try {
            return Optional.of(objectMapper.readTree(plaintext));
        } catch (IOException e) {
            throw new IllegalStateException("A decrypted profile of user " + userId + " is not JSON", e);
        }
    }

    private byte[] bytes(JsonNode profile) {
        try {
            return objectMapper.writeValueAsBytes(profile);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A profile is not serialisable", e);
        }
    }
}
