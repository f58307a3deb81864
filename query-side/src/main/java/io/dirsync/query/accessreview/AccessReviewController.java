package io.dirsync.query.accessreview;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.query.audit.AuditAdminController;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Access reviews: a connection's directory as it was at an instant ({@code /snapshot}) and what changed between two
 * ({@code /access-changes}), as JSON, NDJSON or CSV, streamed from the access-history intervals. Paged by keyset:
 * {@code after} is the last row's userId (users), groupId (memberships) or eventPosition (changes); without
 * {@code limit} the whole review is streamed.
 */
@RestController
public class AccessReviewController {
    private final AccessReviews reviews;
    private final RoleCounts roleCounts;
    private final ObjectMapper json;

    public AccessReviewController(AccessReviews reviews, RoleCounts roleCounts, ObjectMapper json) {
        this.reviews = reviews;
        this.roleCounts = roleCounts;
        this.json = json;
    }

    @GetMapping("/api/connections/{connectionId}/snapshot")
    public ResponseEntity<StreamingResponseBody> snapshot(
            @PathVariable String connectionId,
            @RequestParam(required = false) String asOf,
            @RequestParam(defaultValue = "users") String part,
            @RequestParam(required = false) String format,
            @RequestParam(required = false) String after,
            @RequestParam(required = false) Integer limit,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        Instant at = required("asOf", asOf);
        ExportFormat as = ExportFormat.of(format, accept);
        int pageSize = pageSize(limit);
        requireConnection(connectionId);
        return switch (part) {
            case "users" ->
                stream(as, AccessReviewRows.USER_COLUMNS, out -> reviews.users(connectionId, at, after, pageSize, out));
            case "memberships" ->
                stream(
                        as,
                        AccessReviewRows.MEMBERSHIP_COLUMNS,
                        out -> reviews.memberships(connectionId, at, after, pageSize, out));
            default -> throw ScimException.badRequest(ScimType.invalidValue, "'part' must be users or memberships");
        };
    }

    @GetMapping("/api/connections/{connectionId}/access-changes")
    public ResponseEntity<StreamingResponseBody> changes(
            @PathVariable String connectionId,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String format,
            @RequestParam(defaultValue = "0") long after,
            @RequestParam(required = false) Integer limit,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        Instant start = required("from", from);
        Instant end = required("to", to);
        if (end.isBefore(start)) {
            throw ScimException.badRequest(ScimType.invalidValue, "'to' must not be before 'from'");
        }
        ExportFormat as = ExportFormat.of(format, accept);
        int pageSize = pageSize(limit);
        requireConnection(connectionId);
        return stream(
                as,
                AccessReviewRows.CHANGE_COLUMNS,
                out -> reviews.changes(connectionId, start, end, after, pageSize, out));
    }

    /**
     * How many active users held each role at each point of [{@code from}, {@code to}] ({@link RoleCounts}): one row
     * per point and role, in time order, every role an active user held in the range at every point, zeros included.
     */
    @GetMapping("/api/connections/{connectionId}/role-counts")
    public ResponseEntity<StreamingResponseBody> roleCounts(
            @PathVariable String connectionId,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) Integer points,
            @RequestParam(required = false) String step,
            @RequestParam(required = false) String format,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        RolePoints range = RolePoints.of(required("from", from), required("to", to), points, step);
        ExportFormat as = ExportFormat.of(format, accept);
        requireConnection(connectionId);
        List<RoleCounts.Series> counts = roleCounts.count(connectionId, range);
        return stream(as, RoleCounts.COLUMNS, out -> {
            for (int i = 0; i < range.size(); i++) {
                for (RoleCounts.Series series : counts) {
                    if (!out.accept(RoleCounts.row(range.points().get(i), series.role(), series.counts()[i]))) {
                        return;
                    }
                }
            }
        });
    }

    private interface Body {
        void write(AccessReviews.Sink out);
    }

    private ResponseEntity<StreamingResponseBody> stream(ExportFormat format, List<String> columns, Body body) {
        StreamingResponseBody response = (OutputStream out) -> {
            try (RowWriter rows = RowWriter.of(format, out, json, columns)) {
                body.write(row -> write(rows, row));
            }
        };
        return ResponseEntity.ok().contentType(format.mediaType).body(response);
    }

    private static boolean write(RowWriter out, Map<String, Object> row) {
        try {
            out.write(row);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void requireConnection(String connectionId) {
        if (!reviews.connectionExists(connectionId)) {
            throw new ScimException(404, null, "Connection " + connectionId + " not found");
        }
    }

    private static int pageSize(Integer limit) {
        if (limit == null) {
            return Integer.MAX_VALUE;
        }
        if (limit < 1) {
            throw ScimException.badRequest(ScimType.invalidValue, "'limit' must be at least 1");
        }
        return limit;
    }

    private static Instant required(String name, String value) {
        Instant instant = AuditAdminController.instant(name, value);
        if (instant == null) {
            throw ScimException.badRequest(
                    ScimType.invalidValue,
                    "'" + name + "' is required: an ISO-8601 instant such as 2026-03-31T23:59:59Z");
        }
        return instant;
    }
}
