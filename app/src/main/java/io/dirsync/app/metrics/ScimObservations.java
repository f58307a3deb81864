package io.dirsync.app.metrics;

import io.micrometer.observation.ObservationPredicate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * SCIM requests are timed once, by {@link ScimRequestMetricsFilter} ({@code dirsync_scim_requests_seconds}, with the
 * connection and the resource type), and not also by Spring's per-request observation ({@code http_server_requests}),
 * which a profile of filter GETs found to be 15% of their JVM time (docs/benchmarks/scim-filter-and-membership.md).
 * Every other request (admin API, UI, actuator) keeps Spring's observation.
 */
@Configuration
public class ScimObservations {

    @Bean
    ObservationPredicate noServerObservationOfScimRequests() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext request
                && ScimRequestMetricsFilter.isScim(request.getCarrier()));
    }
}
