package io.dirsync.command.connection;

import io.dirsync.api.connection.ConnectionCreatedEvent;
import io.dirsync.api.connection.ConnectionTokenExpirySetEvent;
import io.dirsync.api.connection.ConnectionTokenIssuedEvent;
import io.dirsync.api.connection.ConnectionTokenRevokedEvent;
import io.dirsync.api.connection.ConnectionTokenRotatedEvent;
import io.dirsync.api.connection.RevokeConnectionTokenCommand;
import io.dirsync.api.connection.RotateConnectionTokenCommand;
import io.dirsync.api.connection.TokenDigest;
import io.dirsync.api.connection.UnknownConnectionTokenException;
import io.dirsync.api.scim.InvalidAttributeException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

/** Rotation with a grace period, the two-token limit and revocation, as events. */
class ConnectionTokensTest {
    private static final String CONNECTION = "conn-1";
    private static final TokenDigest FIRST = new TokenDigest("tok-1", "a".repeat(64));
    private static final TokenDigest SECOND = new TokenDigest("tok-2", "b".repeat(64));
    private static final TokenDigest THIRD = new TokenDigest("tok-3", "c".repeat(64));
    private static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");
    private static final Duration DAY = Duration.ofHours(24);

    private FixtureConfiguration<Connection> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Connection.class);
    }

    private static ConnectionCreatedEvent created() {
        return new ConnectionCreatedEvent(CONNECTION, "Contoso Entra", null, FIRST);
    }

    @Test
    void rotationIssuesANewTokenAndGivesThePreviousOneItsExpiry() {
        fixture.given(created())
                .when(new RotateConnectionTokenCommand(CONNECTION, SECOND, T0, DAY))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(SECOND.tokenId())
                .expectEvents(
                        new ConnectionTokenExpirySetEvent(CONNECTION, FIRST.tokenId(), T0.plus(DAY)),
                        new ConnectionTokenIssuedEvent(CONNECTION, SECOND, T0));
    }

    @Test
    void aGraceOfZeroRevokesEveryPreviousTokenAtOnce() {
        fixture.given(
                        created(),
                        new ConnectionTokenExpirySetEvent(CONNECTION, FIRST.tokenId(), T0.plus(DAY)),
                        new ConnectionTokenIssuedEvent(CONNECTION, SECOND, T0))
                .when(new RotateConnectionTokenCommand(CONNECTION, THIRD, T0.plusSeconds(60), Duration.ZERO))
                .expectEvents(
                        new ConnectionTokenRevokedEvent(CONNECTION, FIRST.tokenId()),
                        new ConnectionTokenRevokedEvent(CONNECTION, SECOND.tokenId()),
                        new ConnectionTokenIssuedEvent(CONNECTION, THIRD, T0.plusSeconds(60)));
    }

    @Test
    void aThirdTokenWhileTwoWorkRevokesTheOldestAtOnce() {
        Instant later = T0.plusSeconds(3600);
        fixture.given(
                        created(),
                        new ConnectionTokenExpirySetEvent(CONNECTION, FIRST.tokenId(), T0.plus(DAY)),
                        new ConnectionTokenIssuedEvent(CONNECTION, SECOND, T0))
                .when(new RotateConnectionTokenCommand(CONNECTION, THIRD, later, DAY))
                .expectEvents(
                        new ConnectionTokenRevokedEvent(CONNECTION, FIRST.tokenId()),
                        new ConnectionTokenExpirySetEvent(CONNECTION, SECOND.tokenId(), later.plus(DAY)),
                        new ConnectionTokenIssuedEvent(CONNECTION, THIRD, later));
    }

    @Test
    void anExpiredTokenNeedsNoRevocation() {
        Instant afterExpiry = T0.plus(DAY).plusSeconds(1);
        fixture.given(
                        created(),
                        new ConnectionTokenExpirySetEvent(CONNECTION, FIRST.tokenId(), T0.plus(DAY)),
                        new ConnectionTokenIssuedEvent(CONNECTION, SECOND, T0))
                .when(new RotateConnectionTokenCommand(CONNECTION, THIRD, afterExpiry, DAY))
                .expectEvents(
                        new ConnectionTokenExpirySetEvent(CONNECTION, SECOND.tokenId(), afterExpiry.plus(DAY)),
                        new ConnectionTokenIssuedEvent(CONNECTION, THIRD, afterExpiry));
    }

    @Test
    void aRotationNeverLengthensATokensLife() {
        // the current token was revoked, so the expiring one is the previous token of the next rotation
        fixture.given(
                        created(),
                        new ConnectionTokenExpirySetEvent(CONNECTION, FIRST.tokenId(), T0.plusSeconds(600)),
                        new ConnectionTokenIssuedEvent(CONNECTION, SECOND, T0),
                        new ConnectionTokenRevokedEvent(CONNECTION, SECOND.tokenId()))
                .when(new RotateConnectionTokenCommand(CONNECTION, THIRD, T0.plusSeconds(60), DAY))
                .expectEvents(new ConnectionTokenIssuedEvent(CONNECTION, THIRD, T0.plusSeconds(60)));
    }

    @Test
    void historyFromBeforeExpiriesCountsOnlyTheTokenOfTheLastRotation() {
        fixture.given(created(), new ConnectionTokenRotatedEvent(CONNECTION, SECOND))
                .when(new RotateConnectionTokenCommand(CONNECTION, THIRD, T0, DAY))
                .expectEvents(
                        new ConnectionTokenExpirySetEvent(CONNECTION, SECOND.tokenId(), T0.plus(DAY)),
                        new ConnectionTokenIssuedEvent(CONNECTION, THIRD, T0));
    }

    @Test
    void aGraceThatIsNegativeMissingOrOverThirtyDaysIsRefused() {
        for (Duration grace : new Duration[] {
            Duration.ofSeconds(-1), null, Duration.ofDays(30).plusSeconds(1)
        }) {
            fixture.given(created())
                    .when(new RotateConnectionTokenCommand(CONNECTION, SECOND, T0, grace))
                    .expectException(InvalidAttributeException.class)
                    .expectNoEvents();
        }
    }

    @Test
    void aHeldTokenIsRevokedAndAnUnknownOneIsRefused() {
        fixture.given(created())
                .when(new RevokeConnectionTokenCommand(CONNECTION, FIRST.tokenId()))
                .expectEvents(new ConnectionTokenRevokedEvent(CONNECTION, FIRST.tokenId()));
        fixture.given(created(), new ConnectionTokenRevokedEvent(CONNECTION, FIRST.tokenId()))
                .when(new RevokeConnectionTokenCommand(CONNECTION, FIRST.tokenId()))
                .expectException(UnknownConnectionTokenException.class)
                .expectNoEvents();
    }

    @Test
    void anUnknownConnectionCannotRotate() {
        fixture.givenNoPriorActivity()
                .when(new RotateConnectionTokenCommand(CONNECTION, SECOND, T0, DAY))
                .expectException(AggregateNotFoundException.class)
                .expectNoEvents();
    }
}
