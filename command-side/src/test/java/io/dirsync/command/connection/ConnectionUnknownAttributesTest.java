package io.dirsync.command.connection;

import io.dirsync.api.connection.ChangeUnknownAttributesCommand;
import io.dirsync.api.connection.ConnectionCreatedEvent;
import io.dirsync.api.connection.TokenDigest;
import io.dirsync.api.connection.UnknownAttributes;
import io.dirsync.api.connection.UnknownAttributesChangedEvent;
import io.dirsync.api.scim.InvalidAttributeException;
import io.dirsync.command.rolemapping.DirectoryCatalog;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

/** The per-connection treatment of attributes the schema does not define: reject by default, keep when an admin says so. */
class ConnectionUnknownAttributesTest {
    private static final String CONNECTION = "conn-1";
    private static final ConnectionCreatedEvent CREATED =
            new ConnectionCreatedEvent(CONNECTION, "Contoso", null, new TokenDigest("tok-1", "a".repeat(64)));

    private FixtureConfiguration<Connection> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Connection.class);
        fixture.registerInjectableResource(mock(DirectoryCatalog.class));
    }

    @Test
    void keepingIsRecordedAndRejectingAgainToo() {
        fixture.given(CREATED)
                .when(new ChangeUnknownAttributesCommand(CONNECTION, UnknownAttributes.KEEP))
                .expectResultMessagePayload(UnknownAttributes.KEEP)
                .expectEvents(new UnknownAttributesChangedEvent(CONNECTION, UnknownAttributes.KEEP));
        fixture.given(CREATED, new UnknownAttributesChangedEvent(CONNECTION, UnknownAttributes.KEEP))
                .when(new ChangeUnknownAttributesCommand(CONNECTION, UnknownAttributes.REJECT))
                .expectEvents(new UnknownAttributesChangedEvent(CONNECTION, UnknownAttributes.REJECT));
    }

    @Test
    void settingWhatItAlreadyIsRecordsNothing() {
        fixture.given(CREATED)
                .when(new ChangeUnknownAttributesCommand(CONNECTION, UnknownAttributes.REJECT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void noPolicyIsInvalid() {
        fixture.given(CREATED)
                .when(new ChangeUnknownAttributesCommand(CONNECTION, null))
                .expectException(InvalidAttributeException.class)
                .expectNoEvents();
    }

    @ParameterizedTest
    @ValueSource(strings = {"keep", "KEEP", " Keep "})
    void theAdminApiSpellingIsReadInAnyCase(String value) {
        assertThat(UnknownAttributes.parse(value)).isEqualTo(UnknownAttributes.KEEP);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "store", "ignore"})
    void anyOtherSpellingIsInvalid(String value) {
        assertThatThrownBy(() -> UnknownAttributes.parse(value))
                .isInstanceOf(InvalidAttributeException.class)
                .hasMessageContaining("reject")
                .hasMessageContaining("keep");
    }
}
