package io.dirsync.app.cluster;

import org.axonframework.eventhandling.pooled.MaxSegmentProvider;

/**
 * How many segments of a pooled streaming processor this node may hold: its fair share among the live
 * nodes, rounded up. Axon asks on every coordination round and releases any surplus, so a joining node
 * gets its share from the others, and a dead node's share returns to the survivors once its heartbeat and
 * claims have expired. Alone, a node holds every segment.
 */
public class FairShareOfSegments implements MaxSegmentProvider {
    private final ClusterMembership membership;

    public FairShareOfSegments(ClusterMembership membership) {
        this.membership = membership;
    }

    @Override
    public int getMaxSegments(String processorName) {
        int segments = membership.segmentCount(processorName);
        if (segments == 0) {
            // tokens not initialised yet: nothing to share
            return Short.MAX_VALUE;
        }
        return share(segments, membership.liveNodes().size());
    }

    static int share(int segments, int liveNodes) {
        return Math.max(1, (segments + liveNodes - 1) / Math.max(1, liveNodes));
    }
}
