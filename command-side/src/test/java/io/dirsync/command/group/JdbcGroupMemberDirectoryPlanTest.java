package io.dirsync.command.group;

import io.dirsync.command.UnanalyzedRegistrations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The group member check looks the members up by id on a PostgreSQL without statistics. With the connection in its
 * query it took the userName index there and read all of the connection's registrations for every membership change.
 */
class JdbcGroupMemberDirectoryPlanTest {
    @RegisterExtension
    static final UnanalyzedRegistrations database = new UnanalyzedRegistrations();

    @Test
    void membersAreFoundThroughThePrimaryKey() {
        String plan = database.plan(
                JdbcGroupMemberDirectory.LIVE_USERS_BY_ID,
                new MapSqlParameterSource("ids", List.of("user-5", "user-6")));

        assertThat(plan)
                .contains("on user_registration_pkey")
                .contains("Index Cond: ((user_id)::text = ANY")
                .doesNotContain("Rows Removed by Filter");
    }
}
