package io.dirsync.command.connection;

import io.dirsync.api.connection.ConnectionCreatedEvent;
import io.dirsync.api.connection.ConnectionTokenRotatedEvent;
import io.dirsync.api.connection.CreateConnectionCommand;
import io.dirsync.api.connection.RotateConnectionTokenCommand;
import io.dirsync.api.connection.TokenDigest;
import io.dirsync.api.scim.InvalidAttributeException;
import io.dirsync.command.rolemapping.DirectoryCatalog;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.axonframework.test.matchers.Matchers.predicate;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class ConnectionTest {
    private static final String CONNECTION = "conn-1";
    private static final String ORGANIZATION = "org-1";
    private static final TokenDigest FIRST = new TokenDigest("tok-1", "a".repeat(64));
    private static final TokenDigest SECOND = new TokenDigest("tok-2", "b".repeat(64));

    private FixtureConfiguration<Connection> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Connection.class);
        DirectoryCatalog catalog = mock(DirectoryCatalog.class);
        when(catalog.organizationExists(ORGANIZATION)).thenReturn(true);
        fixture.registerInjectableResource(catalog);
    }

    @Test
    void anUnknownOrganizationIsRejected() {
        fixture.givenNoPriorActivity()
                .when(new CreateConnectionCommand(CONNECTION, "Contoso Entra", "no-such-org", FIRST))
                .expectException(predicate((Object e) -> e instanceof InvalidAttributeException invalid
                        && "organizationId".equals(invalid.attribute())))
                .expectNoEvents();
    }

    @Test
    void createsAConnectionWithItsFirstToken() {
        fixture.givenNoPriorActivity()
                .when(new CreateConnectionCommand(CONNECTION, "Contoso Entra", ORGANIZATION, FIRST))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ConnectionCreatedEvent(CONNECTION, "Contoso Entra", ORGANIZATION, FIRST));
    }

    @Test
    void theNameIsTrimmed() {
        fixture.givenNoPriorActivity()
                .when(new CreateConnectionCommand(CONNECTION, "  Contoso Entra \t", ORGANIZATION, FIRST))
                .expectEvents(new ConnectionCreatedEvent(CONNECTION, "Contoso Entra", ORGANIZATION, FIRST));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "\t\n"})
    void aBlankNameIsRejected(String name) {
        fixture.givenNoPriorActivity()
                .when(new CreateConnectionCommand(CONNECTION, name, ORGANIZATION, FIRST))
                .expectException(predicate((Object e) -> e instanceof InvalidAttributeException invalid
                        && "name".equals(invalid.attribute())))
                .expectExceptionMessage(containsString("name"))
                .expectNoEvents();
    }

    @Test
    void rotationReplacesTheToken() {
        fixture.given(new ConnectionCreatedEvent(CONNECTION, "Contoso Entra", ORGANIZATION, FIRST))
                .when(new RotateConnectionTokenCommand(CONNECTION, SECOND))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ConnectionTokenRotatedEvent(CONNECTION, SECOND));
    }

    @Test
    void aTokenCanBeRotatedAgain() {
        fixture.given(new ConnectionCreatedEvent(CONNECTION, "Contoso Entra", ORGANIZATION, FIRST),
                        new ConnectionTokenRotatedEvent(CONNECTION, SECOND))
                .when(new RotateConnectionTokenCommand(CONNECTION, FIRST))
                .expectEvents(new ConnectionTokenRotatedEvent(CONNECTION, FIRST));
    }

    @Test
    void anUnknownConnectionCannotRotate() {
        fixture.givenNoPriorActivity()
                .when(new RotateConnectionTokenCommand(CONNECTION, SECOND))
                .expectException(AggregateNotFoundException.class)
                .expectNoEvents();
    }
}
