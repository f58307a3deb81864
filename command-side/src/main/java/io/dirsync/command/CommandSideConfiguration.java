package io.dirsync.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.command.connection.Connection;
import io.dirsync.command.group.Group;
import io.dirsync.command.organization.Organization;
import io.dirsync.command.rolemapping.MemberRole;
import io.dirsync.command.user.User;
import io.dirsync.command.webhook.Webhook;
import io.dirsync.command.webhook.WebhookProperties;
import io.dirsync.scim.group.GroupPatchEngine;
import io.dirsync.scim.patch.PatchApplier;
import io.dirsync.scim.patch.PatchDialectNormalizer;
import io.dirsync.scim.schema.SchemaCatalog;
import io.dirsync.scim.user.ScimUserMapper;
import io.dirsync.scim.user.UserPatchEngine;
import org.axonframework.eventsourcing.AggregateFactory;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * Infrastructure of the command side, in one place. Which processor runs each event handler is declared in app's
 * {@code EventProcessors}.
 */
@Configuration
@EnableConfigurationProperties(WebhookProperties.class)
public class CommandSideConfiguration {

    /** The time token expiries are decided and checked by; tests move their own. */
    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }

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
        return new UserPatchEngine(
                new ScimUserMapper(objectMapper),
                new PatchApplier(
                        objectMapper,
                        new PatchDialectNormalizer(),
                        SchemaCatalog.get().users()));
    }

    /** Resolved as a parameter of the Group aggregate's PATCH handler. */
    @Bean
    public GroupPatchEngine groupPatchEngine(ObjectMapper objectMapper) {
        return new GroupPatchEngine(objectMapper, new PatchDialectNormalizer());
    }
}
