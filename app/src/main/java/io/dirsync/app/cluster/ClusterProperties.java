package io.dirsync.app.cluster;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * How this node takes part in a cluster of nodes on one database ({@code dirsync.cluster.*}).
 *
 * @param nodeId       the name this node's token claims and heartbeats carry; unique among the nodes
 *                     (default: host name and process id)
 * @param claimTimeout how long a silent node's claims and membership last before others take over
 * @param heartbeat    how often this node says it is alive and its processors look for segments to claim
 *                     or release; well under the claim timeout
 * @param conflictRetries how often a command that lost a race on its aggregate to another node (or thread) is
 *                        run again on the new state before the client gets 409
 */
@ConfigurationProperties("dirsync.cluster")
public record ClusterProperties(
        String nodeId,
        @DefaultValue("10s") Duration claimTimeout,
        @DefaultValue("2s") Duration heartbeat,
        @DefaultValue("10") int conflictRetries) {

    public ClusterProperties {
        if (nodeId == null || nodeId.isBlank()) {
            nodeId = hostName() + "-" + ManagementFactory.getRuntimeMXBean().getPid();
        }
        if (heartbeat.compareTo(claimTimeout.dividedBy(2)) > 0) {
            throw new IllegalArgumentException("dirsync.cluster.heartbeat (" + heartbeat
                    + ") must be at most half of dirsync.cluster.claim-timeout (" + claimTimeout + ")");
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "node";
        }
    }
}
