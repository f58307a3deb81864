package io.dirsync.command.webhook;

import io.dirsync.api.scim.InvalidAttributeException;
import io.dirsync.api.webhook.RegisterWebhookCommand;
import io.dirsync.api.webhook.WebhookRegisteredEvent;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;

import static org.axonframework.test.matchers.Matchers.predicate;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

class WebhookTest {
    private static final String WEBHOOK = "wh-1";
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private FixtureConfiguration<Webhook> fixture;
    private WebhookSecrets secrets;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Webhook.class);
        secrets = mock(WebhookSecrets.class);
        fixture.registerInjectableResource(secrets);
    }

    @Test
    void registersTheEndpointAndKeepsTheSecretOutOfTheEvent() {
        fixture.givenNoPriorActivity()
                .when(new RegisterWebhookCommand(
                        WEBHOOK, "https://hooks.example.com/dirsync", List.of("user.created", "user.updated"), SECRET))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new WebhookRegisteredEvent(
                        WEBHOOK, "https://hooks.example.com/dirsync", List.of("user.created", "user.updated")));
        verify(secrets).store(WEBHOOK, SECRET);
    }

    @Test
    void repeatedEventNamesAreKeptOnceInTheOrderGiven() {
        fixture.givenNoPriorActivity()
                .when(new RegisterWebhookCommand(
                        WEBHOOK,
                        "http://127.0.0.1:9000/hook",
                        List.of("group.deleted", "user.created", "group.deleted"),
                        SECRET))
                .expectEvents(new WebhookRegisteredEvent(
                        WEBHOOK, "http://127.0.0.1:9000/hook", List.of("group.deleted", "user.created")));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "ftp://example.com/hook",
                "file:///etc/passwd",
                "hooks.example.com/x",
                "http:///nohost",
                "https://example.com/a b",
                "https://example.com/#fragment",
                "javascript:alert(1)"
            })
    void rejectsAnythingButAnAbsoluteHttpUrl(String url) {
        fixture.givenNoPriorActivity()
                .when(new RegisterWebhookCommand(WEBHOOK, url, List.of("user.created"), SECRET))
                .expectException(invalid("url"))
                .expectNoEvents();
        verify(secrets, never()).store(any(), any());
    }

    @Test
    void rejectsAMissingUrl() {
        fixture.givenNoPriorActivity()
                .when(new RegisterWebhookCommand(WEBHOOK, null, List.of("user.created"), SECRET))
                .expectException(invalid("url"))
                .expectNoEvents();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "user.created,user.exploded", "User.Created", "user.created,", "UserProvisionedEvent"})
    void rejectsEventNamesOutsideTheContract(String names) {
        List<String> events = names.isEmpty() ? List.of() : Arrays.asList(names.split(",", -1));
        fixture.givenNoPriorActivity()
                .when(new RegisterWebhookCommand(WEBHOOK, "https://hooks.example.com/", events, SECRET))
                .expectException(invalid("events"))
                .expectNoEvents();
        verify(secrets, never()).store(any(), any());
    }

    @Test
    void rejectsMissingEvents() {
        fixture.givenNoPriorActivity()
                .when(new RegisterWebhookCommand(WEBHOOK, "https://hooks.example.com/", null, SECRET))
                .expectException(invalid("events"))
                .expectNoEvents();
    }

    @Test
    void theCommandNeverPrintsItsSecret() {
        org.assertj.core.api.Assertions.assertThat(
                        new RegisterWebhookCommand(WEBHOOK, "https://x.example/", List.of(), SECRET).toString())
                .doesNotContain(SECRET)
                .contains("<hidden>");
    }

    private static org.hamcrest.Matcher<?> invalid(String attribute) {
        return predicate(
                (Object e) -> e instanceof InvalidAttributeException invalid && attribute.equals(invalid.attribute()));
    }
}
