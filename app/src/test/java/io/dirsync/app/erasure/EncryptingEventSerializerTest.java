package io.dirsync.app.erasure;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dirsync.api.attributemapping.PublicMetadataEditedEvent;
import io.dirsync.api.user.EmailAddress;
import io.dirsync.api.user.EnterpriseAttributes;
import io.dirsync.api.user.ErasedProfile;
import io.dirsync.api.user.PersonName;
import io.dirsync.api.user.UserDeletedEvent;
import io.dirsync.api.user.UserProfile;
import io.dirsync.api.user.UserProfileUpdatedEvent;
import io.dirsync.api.user.UserProvisionedEvent;
import io.dirsync.command.erasure.UserDataKeys;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The event serializer on the bytes it stores: sealed profiles, deterministic, erasable, and old events untouched. */
class EncryptingEventSerializerTest {
    /** Like Spring Boot's: records' derived getters (isEmpty) are written, and ignored when read. */
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static final UserProfile ADA = new UserProfile(
            "ada@example.com",
            "ext-ada",
            new PersonName("Ada", "Lovelace", null),
            "Ada Lovelace",
            List.of(new EmailAddress("ada@example.com", "work", true)),
            new EnterpriseAttributes("E-1", null, null, null, "Analytics", null),
            Map.of("nickname", "Countess"));
    private static final UserProvisionedEvent PROVISIONED = new UserProvisionedEvent("u-1", "c-1", ADA, true);

    private final JacksonSerializer plain =
            JacksonSerializer.builder().objectMapper(JSON).build();
    private final MapUserDataKeys keys = new MapUserDataKeys();
    private final EncryptingEventSerializer serializer =
            new EncryptingEventSerializer(plain, new PersonalDataEnvelope(keys, JSON));

    @Test
    void theProfileIsStoredSealedAndReadsBack() {
        String stored = text(serializer.serialize(PROVISIONED, byte[].class));

        assertThat(stored)
                .contains("\"userId\":\"u-1\"", "\"connectionId\":\"c-1\"", "\"profile\":\"pii:v1:")
                .doesNotContain("ada@example.com", "Lovelace", "ext-ada", "Analytics", "Countess", "E-1");
        assertThat((Object) serializer.deserialize(bytes(stored, UserProvisionedEvent.class)))
                .isEqualTo(PROVISIONED);
    }

    /** The hash chain and the store ask for the same payload in one unit of work: it is sealed once. */
    @Test
    void withinAUnitOfWorkEachPayloadIsSealedOnceAndGivenAgainAsTheSameBytes() {
        AtomicInteger sealings = new AtomicInteger();
        UserDataKeys counting = new UserDataKeys() {
            @Override
            public byte[] obtain(String userId) {
                sealings.incrementAndGet();
                return keys.obtain(userId);
            }

            @Override
            public Optional<byte[]> find(String userId) {
                return keys.find(userId);
            }

            @Override
            public void destroy(String userId) {
                keys.destroy(userId);
            }
        };
        EncryptingEventSerializer sealing =
                new EncryptingEventSerializer(plain, new PersonalDataEnvelope(counting, JSON));
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            byte[] published = sealing.serialize(PROVISIONED, byte[].class).getData();
            byte[] stored = sealing.serialize(PROVISIONED, byte[].class).getData();
            assertThat(stored).isSameAs(published);
            assertThat(sealings).hasValue(1);

            UserProvisionedEvent equalButAnother = new UserProvisionedEvent("u-1", "c-1", ADA, true);
            assertThat(sealing.serialize(equalButAnother, byte[].class).getData())
                    .isEqualTo(published);
            assertThat(sealings).as("another event is sealed on its own").hasValue(2);
        } finally {
            unitOfWork.rollback();
        }
        assertThat(text(sealing.serialize(PROVISIONED, byte[].class))).contains("\"profile\":\"pii:v1:");
        assertThat(sealings).as("outside a unit of work nothing is kept").hasValue(3);
    }

    /** The hash chain hashes the payload as published and again as stored: both must be the same bytes. */
    @Test
    void sealingIsDeterministicPerProfileAndDiffersBetweenProfiles() {
        String once = text(serializer.serialize(PROVISIONED, byte[].class));
        String twice = text(serializer.serialize(PROVISIONED, byte[].class));
        String renamed = text(serializer.serialize(
                new UserProfileUpdatedEvent(
                        "u-1",
                        "c-1",
                        new UserProfile(
                                "ada@example.com",
                                "ext-ada",
                                ADA.name(),
                                "Countess of Lovelace",
                                ADA.emails(),
                                ADA.enterprise(),
                                ADA.customAttributes())),
                byte[].class));

        assertThat(twice).isEqualTo(once);
        assertThat(sealed(renamed)).isNotEqualTo(sealed(once));
    }

    @Test
    void onceTheKeyIsDestroyedTheProfileReadsAsErasedAndTheRestStays() {
        SerializedObject<byte[]> stored = serializer.serialize(PROVISIONED, byte[].class);
        keys.destroy("u-1");

        UserProvisionedEvent read = serializer.deserialize(stored);

        assertThat(read).isEqualTo(new UserProvisionedEvent("u-1", "c-1", ErasedProfile.INSTANCE, true));
        assertThat(ErasedProfile.isErased(read.profile())).isTrue();
    }

    @Test
    void anAdminsMetadataValuesAreSealedTooAndReadAsNoneOnceErased() {
        PublicMetadataEditedEvent edited =
                new PublicMetadataEditedEvent("u-1", "c-1", Map.of("phone", "+44 20 7946 0000"), List.of("old"));
        SerializedObject<byte[]> stored = serializer.serialize(edited, byte[].class);
        assertThat(text(stored))
                .contains("\"set\":\"pii:v1:", "\"removed\":[\"old\"]")
                .doesNotContain("7946");
        assertThat((Object) serializer.deserialize(stored)).isEqualTo(edited);

        keys.destroy("u-1");
        assertThat((Object) serializer.deserialize(stored))
                .isEqualTo(new PublicMetadataEditedEvent("u-1", "c-1", Map.of(), List.of("old")));
    }

    @Test
    void eventsStoredBeforeEncryptionReadAsTheyWere() {
        SerializedObject<byte[]> legacy = plain.serialize(PROVISIONED, byte[].class);
        assertThat(text(legacy)).contains("ada@example.com");

        assertThat((Object) serializer.deserialize(legacy)).isEqualTo(PROVISIONED);
    }

    @Test
    void eventsWithoutPersonalDataAreStoredExactlyAsPlainJackson() {
        UserDeletedEvent deleted = new UserDeletedEvent("u-1", "c-1");
        assertThat(serializer.serialize(deleted, byte[].class).getData())
                .isEqualTo(plain.serialize(deleted, byte[].class).getData());
        assertThat(keys.find("u-1"))
                .as("no key is made for an event with nothing to seal")
                .isEmpty();
    }

    @Test
    void aSealedProfileMovedToAnotherUsersEventDoesNotOpen() {
        String stored = text(serializer.serialize(PROVISIONED, byte[].class));
        keys.obtain("u-2");
        String moved = stored.replace("\"userId\":\"u-1\"", "\"userId\":\"u-2\"");

        assertThatThrownBy(() -> serializer.deserialize(bytes(moved, UserProvisionedEvent.class)))
                .hasRootCauseInstanceOf(javax.crypto.AEADBadTagException.class);
    }

    /** Opened first in the chain, so the upcasters after it (and their tests on stored JSON) see the plain profile. */
    @Test
    void theUpcasterOpensTheProfileBeforeAnyOtherUpcaster() {
        byte[] stored = serializer.serialize(PROVISIONED, byte[].class).getData();
        GenericDomainEventEntry<byte[]> entry = new GenericDomainEventEntry<>(
                "User",
                "u-1",
                0,
                "event-1",
                Instant.now(),
                UserProvisionedEvent.class.getName(),
                "1",
                stored,
                "{}".getBytes(StandardCharsets.UTF_8));

        List<IntermediateEventRepresentation> upcast = new PersonalDataOpeningUpcaster(
                        new PersonalDataEnvelope(keys, JSON))
                .upcast(Stream.of(new InitialEventRepresentation(entry, plain)))
                .toList();

        ObjectNode payload = (ObjectNode) upcast.get(0)
                .getData(com.fasterxml.jackson.databind.JsonNode.class)
                .getData();
        assertThat(payload.at("/profile/userName").asText()).isEqualTo("ada@example.com");
        assertThat(upcast.get(0).getType().getRevision())
                .as("sealing is no new event shape")
                .isEqualTo("1");
    }

    private static String text(SerializedObject<byte[]> serialized) {
        return new String(serialized.getData(), StandardCharsets.UTF_8);
    }

    private static String sealed(String stored) {
        return stored.substring(stored.indexOf("pii:v1:"));
    }

    private SimpleSerializedObject<byte[]> bytes(String json, Class<?> type) {
        return new SimpleSerializedObject<>(
                json.getBytes(StandardCharsets.UTF_8), byte[].class, plain.typeForClass(type));
    }
}
