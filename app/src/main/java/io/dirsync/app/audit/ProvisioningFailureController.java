package io.dirsync.app.audit;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/** {@code GET /api/connections/{id}/provisioning-failures}: the newest failed SCIM requests first. */
@RestController
public class ProvisioningFailureController {
    private final JdbcTemplate jdbc;

    public ProvisioningFailureController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record ProvisioningFailure(long id, String method, String path, int status, String scimType, String detail,
                                      String requestId, Instant occurredAt) {
    }

    @GetMapping("/api/connections/{connectionId}/provisioning-failures")
    public List<ProvisioningFailure> list(@PathVariable String connectionId, @RequestParam(defaultValue = "100") int limit) {
        return jdbc.query("SELECT id, method, path, status, scim_type, detail, request_id, occurred_at FROM provisioning_failure"
                        + " WHERE connection_id = ? ORDER BY id DESC LIMIT ?",
                (rs, i) -> new ProvisioningFailure(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant()),
                connectionId, Math.max(1, Math.min(1000, limit)));
    }
}
