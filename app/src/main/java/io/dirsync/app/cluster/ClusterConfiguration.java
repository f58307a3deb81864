package io.dirsync.app.cluster;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;

/**
 * Several identical nodes on one database. The event store's unique (aggregate, sequence) key keeps concurrent
 * writers honest (conflicts are retried, see {@link ConflictRetryingCommandGateway}); token claims split the
 * streaming processors' segments, sized by {@link FairShareOfSegments}; subscribing processors run in each
 * command's own transaction on whichever node takes it. One node alone is a cluster of one.
 */
@Configuration
@EnableConfigurationProperties(ClusterProperties.class)
public class ClusterConfiguration {

    @Bean(destroyMethod = "close")
    public ClusterMembership clusterMembership(JdbcTemplate jdbc, ClusterProperties properties) {
        return new ClusterMembership(jdbc, properties, Clock.systemUTC());
    }

    /** Replaces Axon's default gateway (which it would build the same way, minus the retries). */
    @Bean
    public CommandGateway commandGateway(CommandBus commandBus, ClusterProperties properties, CommandOutcomes metrics) {
        return new ConflictRetryingCommandGateway(
                DefaultCommandGateway.builder().commandBus(commandBus), properties.conflictRetries(), metrics);
    }

    @Bean
    public FairShareOfSegments fairShareOfSegments(ClusterMembership membership) {
        return new FairShareOfSegments(membership);
    }
}
