package io.dirsync.app.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The resource label: a SCIM resource type or one of two fixed words, never a path with an id in it. */
class ScimRequestMetricsFilterTest {

    @Test
    void theResourceLabelNamesTheResourceTypeAndNeverAnId() {
        assertThat(ScimRequestMetricsFilter.resource("/scim/v2/c1/Users")).isEqualTo("Users");
        assertThat(ScimRequestMetricsFilter.resource("/scim/v2/c1/Users/")).isEqualTo("Users");
        assertThat(ScimRequestMetricsFilter.resource("/scim/v2/c1/Users/6f1c-42/"))
                .isEqualTo("Users");
        assertThat(ScimRequestMetricsFilter.resource("/scim/v2/c1/Groups/.search"))
                .isEqualTo("Groups");
        assertThat(ScimRequestMetricsFilter.resource("/scim/v2/c1/Schemas/urn:ietf:params:scim:schemas:core:2.0:User"))
                .isEqualTo("Schemas");
        assertThat(ScimRequestMetricsFilter.resource("/scim/v2/c1/ServiceProviderConfig"))
                .isEqualTo("ServiceProviderConfig");
        assertThat(ScimRequestMetricsFilter.resource("/scim/v2/c1")).isEqualTo("root");
        assertThat(ScimRequestMetricsFilter.resource("/scim/v2/c1/")).isEqualTo("root");
        assertThat(ScimRequestMetricsFilter.resource("/scim/v2/c1/.search")).isEqualTo("root");
        assertThat(ScimRequestMetricsFilter.resource("/scim/v2/c1/anything-else/123"))
                .isEqualTo("other");
        assertThat(ScimRequestMetricsFilter.resource("/scim/v2/c1/users"))
                .as("case-sensitive, as the routes are")
                .isEqualTo("other");
    }
}
