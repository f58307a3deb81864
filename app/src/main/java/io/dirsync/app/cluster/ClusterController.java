package io.dirsync.app.cluster;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** {@code GET /api/cluster}: the node that answers and the nodes it sees alive (for operators behind a load balancer). */
@RestController
public class ClusterController {
    private final ClusterMembership membership;

    public ClusterController(ClusterMembership membership) {
        this.membership = membership;
    }

    @GetMapping("/api/cluster")
    public Map<String, Object> cluster() {
        return Map.of("node", membership.nodeId(), "liveNodes", membership.liveNodes());
    }
}
