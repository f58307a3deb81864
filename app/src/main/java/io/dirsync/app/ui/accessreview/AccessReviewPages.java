package io.dirsync.app.ui.accessreview;

import io.dirsync.app.ui.AdminReads;
import io.dirsync.query.accessreview.AccessReviewController;
import io.dirsync.query.accessreview.AccessReviews;
import io.dirsync.query.accessreview.RoleCounts;
import io.dirsync.query.accessreview.RolePoints;
import io.dirsync.query.audit.AuditAdminController;
import io.dirsync.scim.ScimException;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The Access review tab: the directory as of an instant, or what changed since an earlier one, as a table filtered by
 * role, group and status (the first {@value #SHOWN} matching rows), with downloads of the whole review, which are the
 * admin API's exports under the admin session; and the chart of active members per role over a range
 * ({@link RoleChart}), by default the 30 days up to the page's instant, a point a day.
 */
@Controller
public class AccessReviewPages {
    static final int SHOWN = 200;
    static final String DEFAULT_STEP = "P1D";
    static final Duration DEFAULT_RANGE = Duration.ofDays(30);
    private final AdminReads reads;
    private final AccessReviews reviews;
    private final AccessReviewController exports;
    private final RoleCounts roleCounts;
    private final Clock clock = Clock.systemUTC();

    public AccessReviewPages(
            AdminReads reads, AccessReviews reviews, AccessReviewController exports, RoleCounts roleCounts) {
        this.reads = reads;
        this.reviews = reviews;
        this.exports = exports;
        this.roleCounts = roleCounts;
    }

    /** What the filters keep; blank keeps everything. */
    record Filters(String role, String group, String status) {
        boolean keep(Map<String, Object> row) {
            return matches(role, row.get("role"), row.get("oldRole"), row.get("newRole"))
                    && matches(group, row.get("groupNames"), row.get("groupName"), null)
                    && matches(status, row.get("status"), row.get("kind"), null);
        }

        private static boolean matches(String wanted, Object... values) {
            if (wanted == null || wanted.isBlank()) {
                return true;
            }
            for (Object value : values) {
                if (value instanceof Collection<?> list
                        ? list.stream().anyMatch(v -> wanted.equalsIgnoreCase(String.valueOf(v)))
                        : value != null && wanted.equalsIgnoreCase(String.valueOf(value))) {
                    return true;
                }
            }
            return false;
        }
    }

    @GetMapping("/admin/connections/{connectionId}/access-review")
    public String page(
            @PathVariable String connectionId,
            @RequestParam(required = false) String asOf,
            @RequestParam(required = false) String since,
            @RequestParam(required = false) String role,
            @RequestParam(required = false) String group,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String chartFrom,
            @RequestParam(required = false) String chartTo,
            @RequestParam(required = false) String chartStep,
            Model model) {
        model.addAttribute("connection", reads.connection(connectionId));
        Instant chosen = AuditAdminController.instant("asOf", asOf == null ? null : asOf.trim());
        Instant at = chosen == null ? clock.instant().truncatedTo(ChronoUnit.SECONDS) : chosen;
        Instant from = AuditAdminController.instant("since", since == null ? null : since.trim());
        Filters filters = new Filters(role, group, status);
        List<Map<String, Object>> rows = new ArrayList<>();
        boolean[] more = {false};
        AccessReviews.Sink shown = row -> {
            if (!filters.keep(row)) {
                return true;
            }
            if (rows.size() == SHOWN) {
                more[0] = true;
                return false;
            }
            rows.add(row);
            return true;
        };
        if (from == null) {
            reviews.users(connectionId, at, null, Integer.MAX_VALUE, shown);
        } else {
            reviews.changes(connectionId, from, at, 0, Integer.MAX_VALUE, shown);
        }
        model.addAttribute("asOf", at.toString());
        model.addAttribute("since", from == null ? null : from.toString());
        model.addAttribute("filters", filters);
        model.addAttribute("rows", rows);
        model.addAttribute("more", more[0]);
        model.addAttribute("shown", SHOWN);
        model.addAttribute("tab", "access-review");
        model.addAttribute("changes", from != null);
        chart(connectionId, at, chartFrom, chartTo, chartStep, model);
        return "admin/access-review";
    }

    /** The chart, or what is wrong with its range (shown beside it, the rest of the page still answering). */
    private void chart(String connectionId, Instant at, String from, String to, String step, Model model) {
        String every = step == null ? DEFAULT_STEP : step.trim();
        model.addAttribute("chartStep", every);
        try {
            Instant end = to == null || to.isBlank() ? at : AuditAdminController.instant("to", to.trim());
            Instant start = from == null || from.isBlank()
                    ? end.minus(DEFAULT_RANGE)
                    : AuditAdminController.instant("from", from.trim());
            RolePoints range = RolePoints.of(start, end, null, every.isEmpty() ? null : every);
            model.addAttribute("chart", RoleChart.of(range, roleCounts.count(connectionId, range)));
            model.addAttribute("chartFrom", range.from().toString());
            model.addAttribute("chartTo", range.to().toString());
        } catch (ScimException e) {
            model.addAttribute("chartError", e.getMessage());
            model.addAttribute("chartFrom", from);
            model.addAttribute("chartTo", to);
        }
    }

    /** The whole review as a file: the snapshot at {@code asOf}, or the changes since {@code since} when given. */
    @GetMapping("/admin/connections/{connectionId}/access-review/download")
    public ResponseEntity<StreamingResponseBody> download(
            @PathVariable String connectionId,
            @RequestParam String asOf,
            @RequestParam(required = false) String since,
            @RequestParam(defaultValue = "csv") String format) {
        String name = since == null || since.isBlank() ? "snapshot-" + asOf : "access-changes-" + since + "-" + asOf;
        ResponseEntity<StreamingResponseBody> export = since == null || since.isBlank()
                ? exports.snapshot(connectionId, asOf, "users", format, null, null, null)
                : exports.changes(connectionId, since, asOf, format, 0, null, null);
        return ResponseEntity.ok()
                .headers(export.getHeaders())
                // the parameters were checked by the export above; only plain characters reach the header all the same
                .header(
                        "Content-Disposition",
                        "attachment; filename=\"" + (name + "." + format).replaceAll("[^A-Za-z0-9.-]", "-") + "\"")
                .body(export.getBody());
    }
}
