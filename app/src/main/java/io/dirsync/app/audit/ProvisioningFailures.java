package io.dirsync.app.audit;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

/** Reads what {@link ProvisioningFailureLog} recorded, for the admin API and the admin web UI alike. */
@Component
public class ProvisioningFailures {
    private final JdbcTemplate jdbc;

    public ProvisioningFailures(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record ProvisioningFailure(
            long id,
            String method,
            String path,
            int status,
            String scimType,
            String detail,
            String requestId,
            Instant occurredAt) {}

    /** The newest first; {@code limit} kept between 1 and 1000. */
    public List<ProvisioningFailure> newest(String connectionId, int limit) {
        return jdbc.query(
                "SELECT id, method, path, status, scim_type, detail, request_id, occurred_at FROM provisioning_failure"
                        + " WHERE connection_id = ? ORDER BY id DESC LIMIT ?",
                (rs, i) -> new ProvisioningFailure(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getInt(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getTimestamp(8).toInstant()),
                connectionId,
                Math.max(1, Math.min(1000, limit)));
    }
}
