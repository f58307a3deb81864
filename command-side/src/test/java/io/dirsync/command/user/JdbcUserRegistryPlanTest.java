package io.dirsync.command.user;

import io.dirsync.command.UnanalyzedRegistrations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.dirsync.command.UnanalyzedRegistrations.CONNECTION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry's lookups take their own index on a PostgreSQL without statistics. Before V73 the userName check of
 * every SCIM create took the external-id index there and read all of the connection's registrations (1,308 blocks a
 * lookup in the benchmark, docs/benchmarks/ANALYSIS.md).
 */
class JdbcUserRegistryPlanTest {
    @RegisterExtension
    static final UnanalyzedRegistrations database = new UnanalyzedRegistrations();

    @Test
    void theUserNameCheckUsesTheUserNameIndexOnBothColumns() {
        String plan = database.plan(JdbcUserRegistry.BY_USER_NAME, CONNECTION, "name-5");

        assertThat(plan)
                .contains("Index Scan using user_registration_user_name")
                .contains("(user_name_key)::text = 'name-5'")
                .doesNotContain("Rows Removed by Filter");
    }

    @Test
    void theExternalIdLookupUsesTheExternalIdIndexOnBothColumns() {
        String plan = database.plan(JdbcUserRegistry.DELETED_BY_EXTERNAL_ID, CONNECTION, "external-5");

        assertThat(plan)
                .contains("using user_registration_external_id")
                .contains("(external_id)::text = 'external-5'")
                .contains("(connection_id)::text = 'connection-1'");
    }
}
