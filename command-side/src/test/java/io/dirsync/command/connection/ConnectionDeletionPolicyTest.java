package io.dirsync.command.connection;

import io.dirsync.api.connection.ChangeDeletionPolicyCommand;
import io.dirsync.api.connection.ConnectionCreatedEvent;
import io.dirsync.api.connection.CreateConnectionCommand;
import io.dirsync.api.connection.DeletionPolicy;
import io.dirsync.api.connection.DeletionPolicyChangedEvent;
import io.dirsync.api.connection.TokenDigest;
import io.dirsync.api.scim.InvalidAttributeException;
import io.dirsync.command.rolemapping.DirectoryCatalog;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

/** The per-connection policy for SCIM DELETE of a user: deactivate by default, erase when an admin says so. */
class ConnectionDeletionPolicyTest {
    private static final String CONNECTION = "conn-1";
    private static final TokenDigest TOKEN = new TokenDigest("tok-1", "a".repeat(64));
    private static final ConnectionCreatedEvent CREATED =
            new ConnectionCreatedEvent(CONNECTION, "Contoso", null, TOKEN);

    private FixtureConfiguration<Connection> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Connection.class);
        fixture.registerInjectableResource(mock(DirectoryCatalog.class));
    }

    @Test
    void aConnectionCreatedWithoutAPolicyDeactivatesAndRecordsNoPolicyEvent() {
        fixture.givenNoPriorActivity()
                .when(new CreateConnectionCommand(CONNECTION, "Contoso", null, TOKEN))
                .expectEvents(CREATED);
    }

    @Test
    void aConnectionCreatedWithEraseRecordsThePolicyAfterItsCreation() {
        fixture.givenNoPriorActivity()
                .when(new CreateConnectionCommand(CONNECTION, "Contoso", null, TOKEN, DeletionPolicy.ERASE))
                .expectEvents(CREATED, new DeletionPolicyChangedEvent(CONNECTION, DeletionPolicy.ERASE));
    }

    @Test
    void switchingToEraseIsRecorded() {
        fixture.given(CREATED)
                .when(new ChangeDeletionPolicyCommand(CONNECTION, DeletionPolicy.ERASE))
                .expectResultMessagePayload(DeletionPolicy.ERASE)
                .expectEvents(new DeletionPolicyChangedEvent(CONNECTION, DeletionPolicy.ERASE));
    }

    @Test
    void switchingBackToDeactivateIsRecorded() {
        fixture.given(CREATED, new DeletionPolicyChangedEvent(CONNECTION, DeletionPolicy.ERASE))
                .when(new ChangeDeletionPolicyCommand(CONNECTION, DeletionPolicy.DEACTIVATE))
                .expectEvents(new DeletionPolicyChangedEvent(CONNECTION, DeletionPolicy.DEACTIVATE));
    }

    @Test
    void settingThePolicyItAlreadyHasIsNoChange() {
        fixture.given(CREATED)
                .when(new ChangeDeletionPolicyCommand(CONNECTION, DeletionPolicy.DEACTIVATE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(CREATED, new DeletionPolicyChangedEvent(CONNECTION, DeletionPolicy.ERASE))
                .when(new ChangeDeletionPolicyCommand(CONNECTION, DeletionPolicy.ERASE))
                .expectNoEvents();
    }

    @Test
    void aMissingPolicyIsRejected() {
        fixture.given(CREATED)
                .when(new ChangeDeletionPolicyCommand(CONNECTION, null))
                .expectException(InvalidAttributeException.class)
                .expectNoEvents();
    }

    @Test
    void theAdminSpellingParsesAndAnythingElseIsRejectedByName() {
        assertThat(DeletionPolicy.parse(" Erase ")).isEqualTo(DeletionPolicy.ERASE);
        assertThat(DeletionPolicy.parse("deactivate")).isEqualTo(DeletionPolicy.DEACTIVATE);
        assertThat(DeletionPolicy.ERASE.external()).isEqualTo("erase");
        assertThatThrownBy(() -> DeletionPolicy.parse("shred"))
                .isInstanceOf(InvalidAttributeException.class)
                .hasMessageContaining("'deactivate' or 'erase'");
        assertThatThrownBy(() -> DeletionPolicy.parse(null)).isInstanceOf(InvalidAttributeException.class);
    }
}
