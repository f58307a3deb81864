package io.dirsync.app.projection;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/projections} lists the event processors with position, lag and status;
 * {@code POST /api/projections/{name}/replay} rebuilds a projection from the first event while the service keeps
 * answering: a streaming one with every node taking part, a SCIM read model aggregate by aggregate (see
 * {@link ProjectionOperations}); {@code POST /api/projections/{name}/rebuild} rebuilds a projection in sets: a
 * streaming one into fresh tables it then switches to, a SCIM read model in place a batch of aggregates at a time; the
 * live view answers meanwhile (see {@link RebuildsInSets}).
 */
@RestController
public class ProjectionAdminController {
    private final ProjectionOperations projections;

    public ProjectionAdminController(ProjectionOperations projections) {
        this.projections = projections;
    }

    @GetMapping("/api/projections")
    public List<Map<String, Object>> list() {
        return projections.status();
    }

    @PostMapping("/api/projections/{name}/replay")
    public ResponseEntity<Map<String, Object>> replay(@PathVariable String name) {
        projections.replay(name);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("name", name, "replay", "started"));
    }

    @PostMapping("/api/projections/{name}/rebuild")
    public ResponseEntity<Map<String, Object>> rebuild(@PathVariable String name) {
        projections.rebuild(name);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("name", name, "rebuild", "started"));
    }
}
