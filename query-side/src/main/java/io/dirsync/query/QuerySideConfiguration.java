package io.dirsync.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.query.accessreview.AccessHistoryProjection;
import io.dirsync.query.attributemapping.AttributeMappingProjection;
import io.dirsync.query.attributemapping.ConnectionSequencingPolicy;
import io.dirsync.query.attributemapping.UserPublicMetadataProjection;
import io.dirsync.query.directoryuser.DirectoryUserProjection;
import io.dirsync.query.group.ScimGroupProjection;
import io.dirsync.query.rolemapping.RoleMappingProjection;
import io.dirsync.query.session.SessionProjection;
import io.dirsync.query.user.ScimUserProjection;
import io.dirsync.scim.user.PublicMetadataEvaluator;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Event processors of the query side, in one place. */
@Configuration
public class QuerySideConfiguration {

    /**
     * The SCIM read models are written in the command's transaction (read-your-writes for IdPs, on every node);
     * a failure there fails the write instead of leaving the read model behind the event store.
     */
    @Bean
    public ConfigurerModule querySideProcessors() {
        return configurer -> {
            for (String group : new String[]{ScimUserProjection.PROCESSING_GROUP, ScimGroupProjection.PROCESSING_GROUP,
                    RoleMappingProjection.PROCESSING_GROUP, SessionProjection.PROCESSING_GROUP,
                    AttributeMappingProjection.PROCESSING_GROUP}) {
                configurer.eventProcessing()
                        .registerSubscribingEventProcessor(group)
                        .registerListenerInvocationErrorHandler(group, c -> PropagatingErrorHandler.instance());
            }
            configurer.eventProcessing().registerSequencingPolicy(DirectoryUserProjection.PROCESSING_GROUP, c -> new UserSequencingPolicy());
            configurer.eventProcessing().registerSequencingPolicy(AccessHistoryProjection.PROCESSING_GROUP, c -> new UserSequencingPolicy());
            // a connection's mapping change and its users' changes must be applied in the order they were stored
            configurer.eventProcessing().registerSequencingPolicy(UserPublicMetadataProjection.PROCESSING_GROUP,
                    c -> new ConnectionSequencingPolicy());
        };
    }

    @Bean
    public PublicMetadataEvaluator publicMetadataEvaluator(ObjectMapper objectMapper) {
        return new PublicMetadataEvaluator(objectMapper);
    }
}
