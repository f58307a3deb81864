package io.dirsync.query.attributemapping;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.api.attributemapping.AttributeMapping;
import io.dirsync.api.attributemapping.AttributeMappingsReplacedEvent;
import io.dirsync.api.attributemapping.PublicMetadataEditedEvent;
import io.dirsync.api.rolemapping.DirectorySyncDisabledEvent;
import io.dirsync.api.rolemapping.DirectorySyncEnabledEvent;
import io.dirsync.api.user.EmailAddress;
import io.dirsync.api.user.UserDeactivatedEvent;
import io.dirsync.api.user.UserDeletedEvent;
import io.dirsync.api.user.UserErasedEvent;
import io.dirsync.api.user.UserProfile;
import io.dirsync.api.user.UserProfileUpdatedEvent;
import io.dirsync.api.user.UserProvisionedEvent;
import io.dirsync.api.user.UserReactivatedEvent;
import io.dirsync.api.user.UserReprovisionedEvent;
import io.dirsync.query.MigratedH2;
import io.dirsync.scim.user.PublicMetadataEvaluator;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Profile and status changes wait for the processor's batch to commit. Whatever the batches, the table must be the one
 * the events give applied one at a time.
 */
class UserPublicMetadataProjectionTest {
    private static final String CONNECTION = "acme";
    private static final List<AttributeMapping> MAPPINGS = List.of(
            new AttributeMapping("active", "isActive"),
            new AttributeMapping("displayName", "shownAs"),
            new AttributeMapping("emails[type eq \"work\"].value", "workEmail"));

    @RegisterExtension
    final MigratedH2 oneByOne = new MigratedH2("public-metadata-one-by-one");

    @RegisterExtension
    final MigratedH2 batched = new MigratedH2("public-metadata-batched");

    private final ObjectMapper objectMapper = new ObjectMapper();
    private UserPublicMetadataProjection reference;
    private UserPublicMetadataProjection projection;

    @BeforeEach
    void projections() {
        PublicMetadataEvaluator evaluator = new PublicMetadataEvaluator(objectMapper);
        reference = new UserPublicMetadataProjection(oneByOne.jdbc(), objectMapper, evaluator);
        projection = new UserPublicMetadataProjection(batched.jdbc(), objectMapper, evaluator);
    }

    @Test
    void profilesAndStatusChangesWaitForTheCommit() {
        projection.on(new AttributeMappingsReplacedEvent(CONNECTION, MAPPINGS));
        projection.on(provisioned("u1", "Ada"));
        UnitOfWork<?> batch = batched.startBatch();
        projection.on(provisioned("u2", "Grace"));
        projection.on(new UserDeactivatedEvent("u1", CONNECTION, "PATCH"));
        projection.on(new UserDeactivatedEvent("u2", CONNECTION, "PATCH"));
        assertThat(metadata(batched.jdbc(), "u1")).as("u1 waits").contains("\"isActive\":true");
        assertThat(metadata(batched.jdbc(), "u2")).as("u2 waits").isNull();

        batch.commit();

        assertThat(metadata(batched.jdbc(), "u1"))
                .isEqualTo("{\"isActive\":false,\"shownAs\":\"Ada\",\"workEmail\":\"ada@example.com\"}");
        assertThat(metadata(batched.jdbc(), "u2"))
                .isEqualTo("{\"isActive\":false,\"shownAs\":\"Grace\",\"workEmail\":\"grace@example.com\"}");
    }

    @Test
    void aStatusChangeOfAUserWithoutARowLeavesNoneAndAProfileUpdateMakesAnActiveOne() {
        UnitOfWork<?> batch = batched.startBatch();
        projection.on(new UserReactivatedEvent("u1", CONNECTION));
        projection.on(new UserProfileUpdatedEvent("u2", CONNECTION, profile("Grace")));
        batch.commit();

        assertThat(batched.jdbc().queryForList("SELECT user_id FROM user_public_metadata", String.class))
                .containsExactly("u2");
        assertThat(batched.jdbc().queryForObject("SELECT active FROM user_public_metadata", Boolean.class))
                .isTrue();
    }

    @Test
    void aRolledBackBatchForgetsWhatWasPending() {
        UnitOfWork<?> batch = batched.startBatch();
        projection.on(provisioned("u1", "Ada"));
        batch.rollback();

        assertThat(batched.jdbc().queryForList("SELECT user_id FROM user_public_metadata", String.class))
                .isEmpty();
    }

    /** Random histories of five users, mapping changes, hand edits and sync switches, cut into random batches. */
    @Test
    void batchesGiveTheTableOfEventsAppliedOneAtATime() {
        for (int seed = 0; seed < 300; seed++) {
            Random random = new Random(seed);
            List<Consumer<UserPublicMetadataProjection>> history = history(random, 10 + random.nextInt(50));
            reference.reset();
            projection.reset();
            history.forEach(event -> event.accept(reference));
            int applied = 0;
            while (applied < history.size()) {
                int size = 1 + random.nextInt(12);
                UnitOfWork<?> batch = batched.startBatch();
                history.subList(applied, Math.min(history.size(), applied + size))
                        .forEach(event -> event.accept(projection));
                batch.commit();
                applied += size;
            }
            assertThat(table(batched.jdbc())).as("seed %d", seed).isEqualTo(table(oneByOne.jdbc()));
            assertThat(mappingTable(batched.jdbc())).as("seed %d", seed).isEqualTo(mappingTable(oneByOne.jdbc()));
        }
    }

    private static List<Consumer<UserPublicMetadataProjection>> history(Random random, int length) {
        List<Consumer<UserPublicMetadataProjection>> events = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            String user = "u" + random.nextInt(5);
            String name = List.of("Ada", "Grace", "Linus", "Barbara").get(random.nextInt(4)) + i;
            events.add(
                    switch (random.nextInt(12)) {
                        case 0, 1 -> p -> p.on(provisioned(user, name));
                        case 2 -> {
                            boolean active = random.nextBoolean();
                            yield p -> p.on(new UserReprovisionedEvent(user, CONNECTION, profile(name), active));
                        }
                        case 3, 4 -> p -> p.on(new UserProfileUpdatedEvent(user, CONNECTION, profile(name)));
                        case 5 -> p -> p.on(new UserDeactivatedEvent(user, CONNECTION, "PATCH"));
                        case 6 -> p -> p.on(new UserReactivatedEvent(user, CONNECTION));
                        case 7 -> p -> p.on(new UserDeletedEvent(user, CONNECTION));
                        case 8 -> p -> p.on(new UserErasedEvent(user, CONNECTION));
                        case 9 -> {
                            List<String> removed = random.nextBoolean() ? List.of("team") : List.of();
                            yield p -> p.on(new PublicMetadataEditedEvent(
                                    user, CONNECTION, Map.of("shownAs", "by hand " + name, "team", "ops"), removed));
                        }
                        case 10 -> {
                            List<AttributeMapping> mappings = MAPPINGS.subList(0, 1 + random.nextInt(MAPPINGS.size()));
                            yield p -> p.on(new AttributeMappingsReplacedEvent(CONNECTION, mappings));
                        }
                        default ->
                            random.nextBoolean()
                                    ? p -> p.on(new DirectorySyncDisabledEvent(CONNECTION))
                                    : p -> p.on(new DirectorySyncEnabledEvent(CONNECTION));
                    });
        }
        return events;
    }

    private static UserProvisionedEvent provisioned(String userId, String name) {
        return new UserProvisionedEvent(userId, CONNECTION, profile(name), true);
    }

    private static UserProfile profile(String name) {
        String email = name.toLowerCase() + "@example.com";
        return new UserProfile(email, null, null, name, List.of(new EmailAddress(email, "work", true)), null, Map.of());
    }

    private static String metadata(JdbcTemplate jdbc, String userId) {
        return jdbc
                .queryForList("SELECT metadata FROM user_public_metadata WHERE user_id = ?", String.class, userId)
                .stream()
                .findFirst()
                .orElse(null);
    }

    private static List<Map<String, Object>> table(JdbcTemplate jdbc) {
        return jdbc.queryForList(
                "SELECT user_id, connection_id, profile, active, metadata, manual FROM user_public_metadata ORDER BY user_id");
    }

    private static List<Map<String, Object>> mappingTable(JdbcTemplate jdbc) {
        return jdbc.queryForList(
                "SELECT connection_id, mappings, sync_enabled FROM public_metadata_mapping ORDER BY connection_id");
    }
}
