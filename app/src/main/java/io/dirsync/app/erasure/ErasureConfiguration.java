package io.dirsync.app.erasure;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.command.erasure.UserDataKeys;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Field-level encryption of personal data in the event store. Declaring the {@code eventSerializer} here replaces
 * the one Axon's auto-configuration would build; it wraps Axon's general Jackson serializer.
 */
@Configuration
public class ErasureConfiguration {

    @Bean
    public PersonalDataEnvelope personalDataEnvelope(UserDataKeys keys, ObjectMapper objectMapper) {
        return new PersonalDataEnvelope(keys, objectMapper);
    }

    @Bean
    @Qualifier("eventSerializer")
    public Serializer eventSerializer(@Qualifier("serializer") Serializer serializer, PersonalDataEnvelope envelope) {
        return new EncryptingEventSerializer(serializer, envelope);
    }

    /** Every event processor, so that a replay of any projection reads its batch's keys in one query. */
    @Bean
    public ConfigurerModule batchKeyPrefetch(UserDataKeys keys, PersonalDataEnvelope envelope) {
        BatchKeyPrefetch prefetch = new BatchKeyPrefetch(keys, envelope);
        return configurer ->
                configurer.eventProcessing().registerDefaultHandlerInterceptor((configuration, name) -> prefetch);
    }

    /** Axon sorts upcaster beans by {@code @Order}: this one must run before every other. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    public PersonalDataOpeningUpcaster personalDataOpeningUpcaster(PersonalDataEnvelope envelope) {
        return new PersonalDataOpeningUpcaster(envelope);
    }
}
