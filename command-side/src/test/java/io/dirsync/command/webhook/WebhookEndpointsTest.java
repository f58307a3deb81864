package io.dirsync.command.webhook;

import io.dirsync.api.webhook.WebhookRegisteredEvent;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The registered endpoints: given registrations, then the list the outbox and the admin API read. */
class WebhookEndpointsTest {
    private static final Instant AT = Instant.parse("2026-11-01T10:00:00Z");
    private final SingleConnectionDataSource dataSource =
            new SingleConnectionDataSource("jdbc:h2:mem:webhook-endpoints-" + UUID.randomUUID(), "sa", "", true);
    private final WebhookEndpoints endpoints = new WebhookEndpoints(new JdbcTemplate(dataSource));

    WebhookEndpointsTest() {
        new ResourceDatabasePopulator(new ClassPathResource("db/migration/V30__webhooks.sql")).execute(dataSource);
    }

    @AfterEach
    void close() {
        dataSource.destroy();
    }

    @Test
    void endpointsAreListedInTheOrderTheyWereRegisteredWithTheirEvents() {
        registered("w2", List.of("user.created", "group.deleted"), AT.plusSeconds(5));
        registered("w1", List.of("organizationMembership.updated"), AT);
        registered("w0", List.of("user.deleted"), AT.plusSeconds(5));

        assertThat(endpoints.all())
                .containsExactly(
                        new WebhookEndpoints.Endpoint(
                                "w1", "https://hooks.example.com/w1", List.of("organizationMembership.updated"), AT),
                        new WebhookEndpoints.Endpoint(
                                "w0", "https://hooks.example.com/w0", List.of("user.deleted"), AT.plusSeconds(5)),
                        new WebhookEndpoints.Endpoint(
                                "w2",
                                "https://hooks.example.com/w2",
                                List.of("user.created", "group.deleted"),
                                AT.plusSeconds(5)));
    }

    @Test
    void onlyRegisteredEndpointsExistAndNoneAreListedBeforeTheFirst() {
        assertThat(endpoints.all()).isEmpty();
        registered("w1", List.of("user.created"), AT);

        assertThat(endpoints.exists("w1")).isTrue();
        assertThat(endpoints.exists("w2")).isFalse();
    }

    @Test
    void anEndpointReceivesItsSubscribedEventsFromItsRegistrationOn() {
        registered("w1", List.of("user.created", "user.updated"), AT);
        WebhookEndpoints.Endpoint endpoint = endpoints.all().get(0);

        assertThat(endpoint.receives("user.created", AT))
                .as("at the registration")
                .isTrue();
        assertThat(endpoint.receives("user.updated", AT.plusMillis(1))).isTrue();
        assertThat(endpoint.receives("user.created", AT.minusMillis(1)))
                .as("before it")
                .isFalse();
        assertThat(endpoint.receives("user.deleted", AT.plusSeconds(1)))
                .as("not subscribed")
                .isFalse();
    }

    private void registered(String id, List<String> events, Instant at) {
        try {
            new AnnotationEventHandlerAdapter(endpoints)
                    .handle(new GenericEventMessage<>(
                            UUID.randomUUID().toString(),
                            new WebhookRegisteredEvent(id, "https://hooks.example.com/" + id, events),
                            MetaData.emptyInstance(),
                            at));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
