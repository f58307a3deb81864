package io.dirsync.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.scim.user.PublicMetadataEvaluator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Beans of the query side that are not components of their own. Which processor runs each projection is declared
 * in app's {@code EventProcessors}.
 */
@Configuration
public class QuerySideConfiguration {

    @Bean
    public PublicMetadataEvaluator publicMetadataEvaluator(ObjectMapper objectMapper) {
        return new PublicMetadataEvaluator(objectMapper);
    }
}
