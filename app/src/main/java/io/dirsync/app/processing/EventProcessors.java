package io.dirsync.app.processing;

import io.dirsync.app.storage.Databases;
import io.dirsync.command.connection.ConnectionCredentials;
import io.dirsync.command.connection.ConnectionPolicies;
import io.dirsync.command.rolemapping.DirectoryCatalog;
import io.dirsync.command.rolemapping.RoleResolutionProcess;
import io.dirsync.command.user.JdbcUserRegistry;
import io.dirsync.command.webhook.WebhookEndpoints;
import io.dirsync.command.webhook.WebhookOutbox;
import io.dirsync.query.accessreview.AccessHistoryProjection;
import io.dirsync.query.attributemapping.AttributeMappingProjection;
import io.dirsync.query.attributemapping.ConnectionSequencingPolicy;
import io.dirsync.query.attributemapping.UserPublicMetadataProjection;
import io.dirsync.query.audit.EventLogProjection;
import io.dirsync.query.connection.ConnectionOverviewProjection;
import io.dirsync.query.directoryuser.DirectoryUserProjection;
import io.dirsync.query.directoryuser.UserSequencingPolicy;
import io.dirsync.query.group.ScimGroupProjection;
import io.dirsync.query.organization.OrganizationOverviewProjection;
import io.dirsync.query.rolemapping.OrganizationMemberProjection;
import io.dirsync.query.rolemapping.RoleMappingProjection;
import io.dirsync.query.session.SessionProjection;
import io.dirsync.query.user.ScimUserProjection;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.List;

import static io.dirsync.app.processing.ProcessorDeclaration.Trait.ASYNCHRONOUS_COMMITS;
import static io.dirsync.app.processing.ProcessorDeclaration.Trait.FROM_THE_HEAD;
import static io.dirsync.app.processing.ProcessorDeclaration.Trait.ONE_SEGMENT;
import static io.dirsync.app.processing.ProcessorDeclaration.Trait.PROPAGATING_FAILURES;
import static io.dirsync.app.processing.ProcessorDeclaration.streaming;
import static io.dirsync.app.processing.ProcessorDeclaration.subscribing;

/**
 * Which processor runs every processing group, in one table: the only place that names processing groups besides
 * the {@code @ProcessingGroup} of the handlers themselves. {@code ArchitectureTest} fails the build when a handler's
 * group is missing here.
 */
@Configuration
public class EventProcessors {

    static final List<ProcessorDeclaration> TABLE = List.of(
            // the SCIM read models and what SCIM answers from: written in the command's transaction, so every node
            // reads its own and the others' writes at once, and a failed read-model write fails the command
            subscribing(ScimUserProjection.PROCESSING_GROUP),
            subscribing(ScimGroupProjection.PROCESSING_GROUP),
            subscribing(RoleMappingProjection.PROCESSING_GROUP),
            subscribing(SessionProjection.PROCESSING_GROUP),
            subscribing(AttributeMappingProjection.PROCESSING_GROUP),
            // the command side's lookups: a rotated token is dead once the rotation is answered, a deleted role
            // cannot be mapped a moment later, a DELETE follows the deletion policy set just before it, a webhook
            // endpoint receives events as soon as its registration is answered, the userName registry's unique key
            // decides racing creates
            subscribing(ConnectionCredentials.PROCESSING_GROUP),
            subscribing(DirectoryCatalog.PROCESSING_GROUP),
            subscribing(WebhookEndpoints.PROCESSING_GROUP),
            subscribing(ConnectionPolicies.PROCESSING_GROUP),
            subscribing(JdbcUserRegistry.PROCESSING_GROUP),
            // admin views, rebuilt from the events
            streaming(DirectoryUserProjection.PROCESSING_GROUP, ASYNCHRONOUS_COMMITS)
                    .orderedBy(UserSequencingPolicy::new),
            streaming(EventLogProjection.PROCESSING_GROUP, ASYNCHRONOUS_COMMITS),
            // a connection's mapping change and its users' changes must be applied in the order they were stored
            streaming(UserPublicMetadataProjection.PROCESSING_GROUP, ASYNCHRONOUS_COMMITS)
                    .orderedBy(ConnectionSequencingPolicy::new),
            streaming(OrganizationMemberProjection.PROCESSING_GROUP, ASYNCHRONOUS_COMMITS),
            streaming(ConnectionOverviewProjection.PROCESSING_GROUP, ASYNCHRONOUS_COMMITS),
            streaming(OrganizationOverviewProjection.PROCESSING_GROUP, ASYNCHRONOUS_COMMITS),
            streaming(AccessHistoryProjection.PROCESSING_GROUP, ASYNCHRONOUS_COMMITS)
                    .orderedBy(UserSequencingPolicy::new),
            // what these write leads to commands and deliveries: durable commits.
            // The resolver's facts must follow the events in their global order.
            streaming(RoleResolutionProcess.PROCESSING_GROUP, ONE_SEGMENT),
            // outbox rows are numbered in event order, the order per user they are sent in, and no event may miss
            // the outbox; endpoints get only events after their registration, and none existed before this
            // processor did, so the history holds nothing to deliver
            streaming(WebhookOutbox.PROCESSING_GROUP, ONE_SEGMENT, FROM_THE_HEAD, PROPAGATING_FAILURES));

    @Bean
    public ConfigurerModule eventProcessorDeclarations(
            DataSource dataSource,
            JdbcTemplate jdbc,
            @Value("${dirsync.projections.asynchronous-commit:true}") boolean asynchronousCommits)
            throws SQLException {
        boolean relaxed = asynchronousCommits && Databases.isPostgres(dataSource);
        return configurer -> TABLE.forEach(declaration -> declaration.registerOn(
                configurer.eventProcessing(),
                relaxed
                        ? configuration -> new ProjectionTransactionManager(
                                configuration.getComponent(TransactionManager.class), jdbc)
                        : null));
    }
}
