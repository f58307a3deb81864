package io.dirsync.app.security;

import io.dirsync.app.MovableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

class FailedAuthenticationsTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-06T10:00:00Z"));
    private final SecurityEventLog events = mock(SecurityEventLog.class);
    private final FailedAuthentications failures = new FailedAuthentications(
            new SecurityProperties.FailedAuthentication(3, Duration.ofMinutes(5)), events, clock);

    @Test
    void theFailureThatReachesTheLimitLocksTheSourceOutUntilTheWindowEnds() {
        failures.failed(CredentialKind.ADMIN_API, "192.0.2.1");
        clock.advance(Duration.ofMinutes(1));
        failures.failed(CredentialKind.ADMIN_API, "192.0.2.1");
        assertThat(failures.lockedFor(CredentialKind.ADMIN_API, "192.0.2.1")).isEmpty();
        failures.failed(CredentialKind.ADMIN_API, "192.0.2.1");

        assertThat(failures.lockedFor(CredentialKind.ADMIN_API, "192.0.2.1")).contains(Duration.ofMinutes(4));
        verify(events, times(1))
                .record(eq(SecurityEventLog.LOCKED_OUT), eq(CredentialKind.ADMIN_API), eq("192.0.2.1"), anyString());
        clock.advance(Duration.ofMinutes(4));
        assertThat(failures.lockedFor(CredentialKind.ADMIN_API, "192.0.2.1")).isEmpty();
    }

    @Test
    void otherSourcesAndOtherKindsOfCredentialAreNotLockedOut() {
        for (int i = 0; i < 3; i++) {
            failures.failed(CredentialKind.SCIM, "192.0.2.1");
        }
        assertThat(failures.lockedFor(CredentialKind.SCIM, "192.0.2.1")).isPresent();
        assertThat(failures.lockedFor(CredentialKind.SCIM, "192.0.2.2")).isEmpty();
        assertThat(failures.lockedFor(CredentialKind.ADMIN_UI, "192.0.2.1")).isEmpty();
    }

    @Test
    void failuresFromAnEndedWindowAreForgotten() {
        failures.failed(CredentialKind.ADMIN_UI, "192.0.2.1");
        failures.failed(CredentialKind.ADMIN_UI, "192.0.2.1");
        clock.advance(Duration.ofMinutes(5));
        failures.failed(CredentialKind.ADMIN_UI, "192.0.2.1");
        assertThat(failures.lockedFor(CredentialKind.ADMIN_UI, "192.0.2.1")).isEmpty();
    }
}
