package io.dirsync.app.audit;

import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Copies the audit keys from each command onto the events it produces, beside Axon's own correlation ids. */
@Configuration
public class AuditConfiguration {

    @Bean
    public CorrelationDataProvider auditCorrelation() {
        return new SimpleCorrelationDataProvider(AuditMetadata.KEYS.toArray(String[]::new));
    }

    @Bean
    public CorrelationDataProvider messageOrigin() {
        return new MessageOriginProvider();
    }
}
