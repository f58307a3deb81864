package io.dirsync.app.security.auditor;

import io.dirsync.command.connection.BearerTokens;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Read-only auditor tokens ({@code auditor_token}): 256 random bits, shown once, stored only as a SHA-256 digest
 * ({@link BearerTokens#sha256Hex}). A revoked token's row is deleted, so revoked, expired and unknown all fail alike.
 * A token is found by its digest: timing can reveal at most how much of a digest matched, which says nothing of a
 * full-entropy secret.
 */
@Component
public class AuditorTokens {
    /** The longest lifetime an auditor token may be given: an audit is an engagement, not a standing grant. */
    public static final Duration MAX_LIFETIME = Duration.ofDays(366);

    private static final SecureRandom RANDOM = new SecureRandom();

    /** One row of {@code GET /api/auditor-tokens}: never the token. */
    public record AuditorToken(String id, String name, Instant createdAt, Instant expiresAt) {}

    public record IssuedToken(String id, String token) {}

    private final JdbcTemplate jdbc;
    private final Clock clock = Clock.systemUTC();

    public AuditorTokens(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public IssuedToken issue(String name, Long expiresInSeconds) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new ScimException(400, ScimType.invalidValue, "name is required, at most 200 characters");
        }
        if (expiresInSeconds == null || expiresInSeconds < 1 || expiresInSeconds > MAX_LIFETIME.toSeconds()) {
            throw new ScimException(
                    400,
                    ScimType.invalidValue,
                    "expiresInSeconds is required, between 1 and " + MAX_LIFETIME.toSeconds());
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = "dsr_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        jdbc.update(
                "INSERT INTO auditor_token (id, name, token_sha256, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                id,
                name.trim(),
                BearerTokens.sha256Hex(token),
                Timestamp.from(now),
                Timestamp.from(now.plusSeconds(expiresInSeconds)));
        return new IssuedToken(id, token);
    }

    public List<AuditorToken> list() {
        return jdbc.query(
                "SELECT id, name, created_at, expires_at FROM auditor_token ORDER BY created_at, id",
                (rs, i) -> new AuditorToken(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getTimestamp(3).toInstant(),
                        rs.getTimestamp(4).toInstant()));
    }

    /** @return whether there was such a token */
    public boolean revoke(String id) {
        return jdbc.update("DELETE FROM auditor_token WHERE id = ?", id) == 1;
    }

    /** Whether {@code presented} is an auditor token that is neither revoked nor expired. */
    public boolean isValid(String presented) {
        return idOf(presented).isPresent();
    }

    /** The id of {@code presented} when it is an auditor token that is neither revoked nor expired. */
    public Optional<String> idOf(String presented) {
        if (presented == null || !presented.startsWith("dsr_")) {
            return Optional.empty();
        }
        return live(jdbc.query(
                "SELECT id, expires_at FROM auditor_token WHERE token_sha256 = ?",
                (rs, i) -> Map.entry(rs.getString(1), rs.getTimestamp(2).toInstant()),
                BearerTokens.sha256Hex(presented)));
    }

    /** Whether the auditor token {@code id} is neither revoked nor expired (an auditor's UI session asks this). */
    public boolean isActive(String id) {
        return id != null
                && live(jdbc.query(
                                "SELECT id, expires_at FROM auditor_token WHERE id = ?",
                                (rs, i) -> Map.entry(
                                        rs.getString(1), rs.getTimestamp(2).toInstant()),
                                id))
                        .isPresent();
    }

    private Optional<String> live(List<Map.Entry<String, Instant>> rows) {
        return rows.stream()
                .filter(row -> clock.instant().isBefore(row.getValue()))
                .map(Map.Entry::getKey)
                .findFirst();
    }
}
