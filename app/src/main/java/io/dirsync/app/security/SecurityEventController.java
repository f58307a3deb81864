package io.dirsync.app.security;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** {@code GET /api/security/events}: lock-outs and admin web UI sign-ins, the newest first. */
@RestController
public class SecurityEventController {
    private final SecurityEventLog events;

    public SecurityEventController(SecurityEventLog events) {
        this.events = events;
    }

    @GetMapping("/api/security/events")
    public List<SecurityEventLog.SecurityEvent> list(@RequestParam(defaultValue = "100") int limit) {
        return events.newest(limit);
    }
}
