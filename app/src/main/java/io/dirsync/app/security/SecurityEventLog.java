package io.dirsync.app.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * The security audit log ({@code security_event}): lock-outs, admin web UI sign-ins and auditor tokens issued or revoked, each with its source address.
 * Operational data, like the provisioning-failure log, not domain history: no events, and never a presented token.
 */
@Component
public class SecurityEventLog {
    public static final String LOCKED_OUT = "locked-out";
    public static final String LOGIN_SUCCEEDED = "login-succeeded";
    public static final String LOGIN_FAILED = "login-failed";
    public static final String AUDITOR_TOKEN_ISSUED = "auditor-token-issued";
    public static final String AUDITOR_TOKEN_REVOKED = "auditor-token-revoked";
    private static final Logger log = LoggerFactory.getLogger(SecurityEventLog.class);

    /** One row of {@code GET /api/security/events}. */
    public record SecurityEvent(
            long id, String type, String credential, String sourceAddress, String detail, Instant occurredAt) {}

    private final JdbcTemplate jdbc;

    public SecurityEventLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void record(String type, CredentialKind kind, String source, String detail) {
        log.info("Security event {} ({}) from {}: {}", type, kind.label(), source, detail);
        try {
            jdbc.update(
                    "INSERT INTO security_event (event_type, credential_kind, source_address, detail, occurred_at)"
                            + " VALUES (?, ?, ?, ?, ?)",
                    type,
                    kind.label(),
                    source,
                    detail,
                    Timestamp.from(Instant.now()));
        } catch (RuntimeException e) {
            // recording must never turn an answer into a failure; the log line above stays
            log.warn("Could not record a security event", e);
        }
    }

    /** The newest first; {@code limit} kept between 1 and 1000. */
    public List<SecurityEvent> newest(int limit) {
        return jdbc.query(
                "SELECT id, event_type, credential_kind, source_address, detail, occurred_at FROM security_event"
                        + " ORDER BY id DESC LIMIT ?",
                (rs, i) -> new SecurityEvent(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getTimestamp(6).toInstant()),
                Math.max(1, Math.min(1000, limit)));
    }
}
