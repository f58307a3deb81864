package io.dirsync.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.command.connection.Connection;
import io.dirsync.command.connection.ConnectionCredentials;
import io.dirsync.command.connection.ConnectionPolicies;
import io.dirsync.command.group.Group;
import io.dirsync.command.organization.Organization;
import io.dirsync.command.rolemapping.DirectoryCatalog;
import io.dirsync.command.rolemapping.MemberRole;
import io.dirsync.command.rolemapping.RoleResolutionProcess;
import io.dirsync.command.user.JdbcUserRegistry;
import io.dirsync.command.user.User;
import io.dirsync.command.webhook.Webhook;
import io.dirsync.command.webhook.WebhookEndpoints;
import io.dirsync.command.webhook.WebhookOutbox;
import io.dirsync.command.webhook.WebhookProperties;
import io.dirsync.scim.group.GroupPatchEngine;
import io.dirsync.scim.patch.PatchApplier;
import io.dirsync.scim.patch.PatchDialectNormalizer;
import io.dirsync.scim.schema.SchemaCatalog;
import io.dirsync.scim.user.ScimUserMapper;
import io.dirsync.scim.user.UserPatchEngine;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.AggregateFactory;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Infrastructure of the command side, in one place. */
@Configuration
@EnableConfigurationProperties(WebhookProperties.class)
public class CommandSideConfiguration {

    /** Axon's configuration takes this bean as every aggregate's command target resolver. */
    @Bean
    public CommandTargetResolver commandTargetResolver() {
        return new CachingCommandTargetResolver();
    }

    /* Under these bean names Axon's Spring configuration takes each aggregate's factory instead of its own. */

    @Bean
    public AggregateFactory<User> userAggregateFactory() {
        return new NoArgumentAggregateFactory<>(User.class);
    }

    @Bean
    public AggregateFactory<Group> groupAggregateFactory() {
        return new NoArgumentAggregateFactory<>(Group.class);
    }

    @Bean
    public AggregateFactory<MemberRole> memberRoleAggregateFactory() {
        return new NoArgumentAggregateFactory<>(MemberRole.class);
    }

    @Bean
    public AggregateFactory<Organization> organizationAggregateFactory() {
        return new NoArgumentAggregateFactory<>(Organization.class);
    }

    @Bean
    public AggregateFactory<Connection> connectionAggregateFactory() {
        return new NoArgumentAggregateFactory<>(Connection.class);
    }

    @Bean
    public AggregateFactory<Webhook> webhookAggregateFactory() {
        return new NoArgumentAggregateFactory<>(Webhook.class);
    }

    /** Resolved as a parameter of the User aggregate's PATCH handler. */
    @Bean
    public UserPatchEngine userPatchEngine(ObjectMapper objectMapper) {
        return new UserPatchEngine(new ScimUserMapper(objectMapper),
                new PatchApplier(objectMapper, new PatchDialectNormalizer(), SchemaCatalog.get().users()));
    }

    /** Resolved as a parameter of the Group aggregate's PATCH handler. */
    @Bean
    public GroupPatchEngine groupPatchEngine(ObjectMapper objectMapper) {
        return new GroupPatchEngine(objectMapper, new PatchDialectNormalizer());
    }

    /**
     * Credentials, the catalog and the userName registry must change in the command's own transaction (a rotated
     * token is dead once the rotation is answered; a deleted role cannot be mapped a moment later; a DELETE follows the
     * deletion policy set just before it; the registry's unique key decides racing creates), and a failure there must
     * fail the command instead of being logged and swallowed. A webhook endpoint is listed (and receives
     * events) as soon as its registration is answered.
     */
    @Bean
    public ConfigurerModule commandSideProcessors() {
        return configurer -> {
            for (String group : new String[]{ConnectionCredentials.PROCESSING_GROUP, DirectoryCatalog.PROCESSING_GROUP,
                    WebhookEndpoints.PROCESSING_GROUP, ConnectionPolicies.PROCESSING_GROUP, JdbcUserRegistry.PROCESSING_GROUP}) {
                configurer.eventProcessing()
                        .registerSubscribingEventProcessor(group)
                        .registerListenerInvocationErrorHandler(group, c -> PropagatingErrorHandler.instance());
            }
            // one segment: the resolver's facts must follow the events in their global order
            configurer.eventProcessing().registerPooledStreamingEventProcessorConfiguration(RoleResolutionProcess.PROCESSING_GROUP,
                    (configuration, builder) -> builder.initialSegmentCount(1).batchSize(100));
            // one segment: outbox rows are numbered in event order, which is the order per user they are sent in;
            // a failed batch rolls back and is retried rather than logged and skipped, so no event misses the outbox.
            // Started at the head: endpoints get only events after their registration, and none existed before the
            // processor did, so reading the older history would find nothing to deliver.
            configurer.eventProcessing().registerPooledStreamingEventProcessorConfiguration(WebhookOutbox.PROCESSING_GROUP,
                            (configuration, builder) -> builder.initialSegmentCount(1).batchSize(100)
                                    .initialToken(StreamableMessageSource::createHeadToken))
                    .registerListenerInvocationErrorHandler(WebhookOutbox.PROCESSING_GROUP, c -> PropagatingErrorHandler.instance());
        };
    }
}
