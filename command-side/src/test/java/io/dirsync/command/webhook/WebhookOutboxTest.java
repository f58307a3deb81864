package io.dirsync.command.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.api.attributemapping.PublicMetadataEditedEvent;
import io.dirsync.api.group.GroupCreatedEvent;
import io.dirsync.api.session.SessionStartedEvent;
import io.dirsync.api.user.EmailAddress;
import io.dirsync.api.user.UserDeactivatedEvent;
import io.dirsync.api.user.UserErasedEvent;
import io.dirsync.api.user.UserProfile;
import io.dirsync.api.user.UserProvisionedEvent;
import io.dirsync.api.webhook.WebhookRegisteredEvent;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox: given registered endpoints and events, then the deliveries queued for each endpoint, their stored bodies,
 * and what an erasure leaves of them. Events reach it through its annotated handlers, as from its processor.
 */
class WebhookOutboxTest {
    private static final Instant AT = Instant.parse("2026-11-01T10:00:00Z");
    private final SingleConnectionDataSource dataSource =
            new SingleConnectionDataSource("jdbc:h2:mem:webhook-outbox-" + UUID.randomUUID(), "sa", "", true);
    private final JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    private final ObjectMapper objectMapper = Jackson2ObjectMapperBuilder.json().build();
    private final WebhookEndpoints endpoints = new WebhookEndpoints(jdbc);
    private final WebhookDeliveries deliveries = new WebhookDeliveries(jdbc);
    private final AnnotationEventHandlerAdapter outbox =
            new AnnotationEventHandlerAdapter(new WebhookOutbox(endpoints, deliveries, objectMapper));

    WebhookOutboxTest() {
        new ResourceDatabasePopulator(new ClassPathResource("db/migration/V30__webhooks.sql")).execute(dataSource);
    }

    @AfterEach
    void close() {
        while (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().rollback();
        }
        dataSource.destroy();
    }

    @Test
    void eachEndpointIsQueuedTheEventsItSubscribedTo() {
        registered("w1", AT, "user.created");
        registered("w2", AT, "user.created", "user.updated");
        event(provisioned("u1"), AT.plusSeconds(1));
        event(new UserDeactivatedEvent("u1", "acme", "PATCH"), AT.plusSeconds(2));
        event(new SessionStartedEvent("u1", "acme", "s1"), AT.plusSeconds(3));

        assertThat(types("w1")).containsExactly("user.created");
        assertThat(types("w2")).containsExactly("user.created", "user.updated");
    }

    @Test
    void anEndpointIsQueuedOnlyWhatHappenedFromItsRegistrationOn() {
        registered("w1", AT, "user.created");
        event(provisioned("u0"), AT.minusMillis(1));
        EventMessage<?> atRegistration = event(provisioned("u1"), AT);

        assertThat(deliveries.log("w1", 10))
                .extracting(WebhookDeliveries.Delivery::eventId)
                .containsExactly(atRegistration.getIdentifier());
    }

    @Test
    void theBodyIsRenderedOnceAndStoredWithTheEventsIdentityForEveryEndpoint() {
        registered("w1", AT, "user.created");
        registered("w2", AT, "user.created");
        EventMessage<?> created = event(provisioned("u1"), AT.plusSeconds(1));

        WebhookDeliveries.Delivery first = deliveries.log("w1", 10).get(0);
        WebhookDeliveries.Delivery second = deliveries.log("w2", 10).get(0);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(first.eventId()).isEqualTo(created.getIdentifier());
        assertThat(first.status()).isEqualTo(WebhookDeliveries.PENDING);
        assertThat(first.attempts()).isZero();
        JsonNode body = json(first.body());
        assertThat(body.get("id").asText()).isEqualTo(created.getIdentifier());
        assertThat(body.get("type").asText()).isEqualTo("user.created");
        assertThat(body.get("timestamp").asText()).isEqualTo("2026-11-01T10:00:01Z");
        assertThat(body.at("/data/userId").asText()).isEqualTo("u1");
        assertThat(body.at("/data/profile/userName").asText()).isEqualTo("u1@example.com");
        assertThat(jdbc.queryForList("SELECT DISTINCT ordering_key FROM webhook_delivery", String.class))
                .containsExactly("user:u1");
    }

    @Test
    void anEventSeenAgainIsQueuedOncePerEndpoint() {
        registered("w1", AT, "user.created");
        registered("w2", AT, "user.created");
        EventMessage<?> created = event(provisioned("u1"), AT.plusSeconds(1));
        handle(created);

        assertThat(deliveries.log("w1", 10)).hasSize(1);
        assertThat(deliveries.log("w2", 10)).hasSize(1);
    }

    @Test
    void aBatchQueuesItsEventsInTheOrderItSeesThem() {
        registered("w1", AT, "user.created", "user.updated", "group.created");
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        EventMessage<?> first = event(provisioned("u2"), AT.plusSeconds(1));
        EventMessage<?> second = event(new GroupCreatedEvent("g1", "acme", "Admins", null), AT.plusSeconds(2));
        EventMessage<?> third = event(new UserDeactivatedEvent("u1", "acme", "PATCH"), AT.plusSeconds(3));
        batch.commit();

        assertThat(jdbc.queryForList("SELECT event_id FROM webhook_delivery ORDER BY id", String.class))
                .containsExactly(first.getIdentifier(), second.getIdentifier(), third.getIdentifier());
    }

    @Test
    void anErasureRemovesTheUsersPersonalDataFromStoredBodiesAndKeepsTheRest() {
        registered("w1", AT, "user.created", "user.updated", "group.created");
        event(provisioned("u1"), AT.plusSeconds(1));
        event(new PublicMetadataEditedEvent("u1", "acme", Map.of("tier", "gold"), List.of("team")), AT.plusSeconds(2));
        event(provisioned("u2"), AT.plusSeconds(3));
        event(new GroupCreatedEvent("g1", "acme", "Admins", "ext-g1"), AT.plusSeconds(4));
        long delivered = deliveries.log("w1", 10).get(3).id();
        jdbc.update("UPDATE webhook_delivery SET status = 'delivered' WHERE id = ?", delivered);
        Map<String, JsonNode> before = bodiesByChange();

        event(new UserErasedEvent("u1", "acme"), AT.plusSeconds(5));

        List<WebhookDeliveries.Delivery> log = deliveries.log("w1", 10);
        assertThat(log).as("the erasure itself is not announced").hasSize(4);
        JsonNode created = json(log.get(3).body());
        assertThat(log.get(3).id()).isEqualTo(delivered);
        assertThat(created.get("data").has("profile"))
                .as("delivered, still erased")
                .isFalse();
        assertThat(created.at("/data/userId").asText()).isEqualTo("u1");
        assertThat(created.at("/data/change").asText()).isEqualTo("provisioned");
        assertThat(created.get("id")).isEqualTo(before.get("provisioned u1").get("id"));
        JsonNode edited = json(log.get(2).body());
        assertThat(edited.get("data").has("set")).isFalse();
        assertThat(edited.at("/data/removed/0").asText()).isEqualTo("team");
        assertThat(json(log.get(1).body())).as("another user's").isEqualTo(before.get("provisioned u2"));
        assertThat(json(log.get(0).body())).as("a group's").isEqualTo(before.get("created g1"));
    }

    private Map<String, JsonNode> bodiesByChange() {
        return deliveries.log("w1", 10).stream()
                .map(delivery -> json(delivery.body()))
                .collect(Collectors.toMap(
                        body -> body.at("/data/change").asText() + " "
                                + body.at("/data/userId")
                                        .asText(body.at("/data/groupId").asText()),
                        body -> body));
    }

    private List<String> types(String webhookId) {
        List<String> newestFirst = deliveries.log(webhookId, 10).stream()
                .map(WebhookDeliveries.Delivery::type)
                .toList();
        return IntStream.range(0, newestFirst.size())
                .mapToObj(i -> newestFirst.get(newestFirst.size() - 1 - i))
                .toList();
    }

    private void registered(String webhookId, Instant at, String... types) {
        try {
            new AnnotationEventHandlerAdapter(endpoints)
                    .handle(new GenericEventMessage<>(
                            UUID.randomUUID().toString(),
                            new WebhookRegisteredEvent(
                                    webhookId, "https://hooks.example.com/" + webhookId, List.of(types)),
                            MetaData.emptyInstance(),
                            at));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private EventMessage<?> event(Object payload, Instant at) {
        EventMessage<?> message =
                new GenericEventMessage<>(UUID.randomUUID().toString(), payload, MetaData.emptyInstance(), at);
        handle(message);
        return message;
    }

    private void handle(EventMessage<?> message) {
        try {
            outbox.handle(message);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode json(byte[] body) {
        try {
            return objectMapper.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static UserProvisionedEvent provisioned(String userId) {
        String email = userId + "@example.com";
        return new UserProvisionedEvent(
                userId,
                "acme",
                new UserProfile(
                        email,
                        null,
                        null,
                        "User " + userId,
                        List.of(new EmailAddress(email, "work", true)),
                        null,
                        Map.of()),
                true);
    }
}
