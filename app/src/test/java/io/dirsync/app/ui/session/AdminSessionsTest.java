package io.dirsync.app.ui.session;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class AdminSessionsTest {
    private static final byte[] KEY = "key derived from the admin token".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @Test
    void anIssuedSessionIsValidUntilItExpires() {
        String cookie = sessions(NOW).issue();
        assertThat(sessions(NOW).isValid(cookie)).isTrue();
        assertThat(sessions(NOW.plus(AdminSessions.LIFETIME).minusSeconds(1)).isValid(cookie))
                .isTrue();
        assertThat(sessions(NOW.plus(AdminSessions.LIFETIME)).isValid(cookie)).isFalse();
    }

    @Test
    void aChangedExpiryOrAnotherKeyIsRefused() {
        String cookie = sessions(NOW).issue();
        String[] parts = cookie.split("\\.");
        String extended = parts[0] + "." + (Long.parseLong(parts[1]) + 86_400) + "." + parts[2] + "." + parts[3];
        assertThat(sessions(NOW).isValid(extended)).isFalse();
        AdminSessions otherToken = new AdminSessions(
                "another admin token's key".getBytes(StandardCharsets.UTF_8), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(otherToken.isValid(cookie)).isFalse();
    }

    @Test
    void malformedCookiesAreRefused() {
        AdminSessions sessions = sessions(NOW);
        for (String cookie :
                new String[] {null, "", "v1", "v1.1.2", "v2.99999999999.AAAA.sig", "v1.x.AAAA.sig", "...."}) {
            assertThat(sessions.isValid(cookie)).as(String.valueOf(cookie)).isFalse();
        }
    }

    @Test
    void anAuditorSessionNamesItsTokenAndCannotBeTurnedIntoAnotherSession() {
        String cookie = sessions(NOW).issueAuditor("3f2c9a4e-0000-4000-8000-000000000001");
        assertThat(sessions(NOW).verify(cookie)).hasValueSatisfying(session -> {
            assertThat(session.auditor()).isTrue();
            assertThat(session.auditorTokenId()).isEqualTo("3f2c9a4e-0000-4000-8000-000000000001");
        });
        assertThat(sessions(NOW).verify(sessions(NOW).issue()))
                .hasValueSatisfying(session -> assertThat(session.auditor()).isFalse());
        String[] parts = cookie.split("\\.");
        String otherToken = parts[0] + "." + parts[1] + "." + parts[2] + ".another-token-id." + parts[4];
        String asAdmin = "v1." + parts[1] + "." + parts[2] + "." + parts[4];
        assertThat(sessions(NOW).verify(otherToken)).isEmpty();
        assertThat(sessions(NOW).verify(asAdmin)).isEmpty();
        assertThat(sessions(NOW.plus(AdminSessions.LIFETIME)).verify(cookie)).isEmpty();
    }

    @Test
    void twoSessionsDiffer() {
        assertThat(sessions(NOW).issue()).isNotEqualTo(sessions(NOW).issue());
    }

    private static AdminSessions sessions(Instant now) {
        return new AdminSessions(KEY, Clock.fixed(now, ZoneOffset.UTC));
    }
}
