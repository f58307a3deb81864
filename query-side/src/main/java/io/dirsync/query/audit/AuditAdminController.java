package io.dirsync.query.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.api.audit.ListEventsQuery;
import io.dirsync.api.audit.LoggedEvent;
import io.dirsync.query.support.Queries;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimType;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** The event history for auditors: paged by global position, filterable, and exportable as NDJSON. */
@RestController
public class AuditAdminController {
    private static final int EXPORT_PAGE = 500;
    private final QueryGateway queries;
    private final ObjectMapper objectMapper;

    public AuditAdminController(QueryGateway queries, ObjectMapper objectMapper) {
        this.queries = queries;
        this.objectMapper = objectMapper;
    }

    @GetMapping("/api/events")
    public List<LoggedEvent> events(
            @RequestParam(required = false) String connectionId,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String aggregateId,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "0") long after,
            @RequestParam(defaultValue = "100") int limit) {
        return page(new ListEventsQuery(
                connectionId,
                type,
                aggregateId,
                null,
                instant("from", from),
                instant("to", to),
                after,
                Math.max(1, Math.min(1000, limit))));
    }

    @GetMapping("/api/users/{userId}/history")
    public List<LoggedEvent> history(
            @PathVariable String userId,
            @RequestParam(defaultValue = "0") long after,
            @RequestParam(defaultValue = "1000") int limit) {
        return page(ListEventsQuery.historyOf(userId, after, limit));
    }

    /** Streams any range page by page, so memory stays flat however long the history. */
    @GetMapping(value = "/api/events/export", produces = "application/x-ndjson")
    public ResponseEntity<StreamingResponseBody> export(
            @RequestParam(required = false) String connectionId,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "0") long after) {
        Instant fromInstant = instant("from", from);
        Instant toInstant = instant("to", to);
        StreamingResponseBody body = out -> {
            long position = after;
            List<LoggedEvent> page;
            do {
                page = page(new ListEventsQuery(
                        connectionId, type, null, null, fromInstant, toInstant, position, EXPORT_PAGE));
                for (LoggedEvent event : page) {
                    out.write(objectMapper.writeValueAsBytes(event));
                    out.write('\n');
                    position = event.position();
                }
                out.flush();
            } while (page.size() == EXPORT_PAGE);
        };
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/x-ndjson"))
                .body(body);
    }

    private List<LoggedEvent> page(ListEventsQuery query) {
        return Queries.await(queries.query(query, ResponseTypes.multipleInstancesOf(LoggedEvent.class)));
    }

    /** The instant a parameter names, null when it is absent; 400 {@code invalidValue} when it is no ISO-8601 instant. */
    public static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ScimException.badRequest(
                    ScimType.invalidValue, "'" + name + "' must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
    }
}
