package io.dirsync.query.user;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.api.user.ListScimUsersQuery;
import io.dirsync.api.user.UserState;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A read model written before V17 gets its search columns, email and custom rows from V18 and V32 when the service upgrades. */
class UserSearchColumnsBackfillTest {
    private final ObjectMapper objectMapper = Jackson2ObjectMapperBuilder.json().build();

    @Test
    void usersStoredBeforeTheSearchColumnsBecomeFindable() throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:backfill-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
                .javaMigrations(new UserSearchColumnsBackfill(objectMapper), new CustomValuesBackfill(objectMapper)).target("4").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        Timestamp at = Timestamp.valueOf("2024-01-01 00:00:00");
        // the row exactly as the V3-era projection wrote it
        jdbc.update("INSERT INTO scim_user (user_id, connection_id, user_name, user_name_key, external_id, display_name,"
                        + " primary_email, profile, active, deleted, version, created_at, last_modified)"
                        + " VALUES ('u-1', 'acme', 'Ada.Lovelace@Example.com', 'ada.lovelace@example.com', 'ext-Ada', 'Ada Lovelace',"
                        + " 'ada@example.com', ?, TRUE, FALSE, 0, ?, ?)",
                objectMapper.writeValueAsString(UserDirectoryFixture.ada()), at, at);

        UserDirectoryFixture.migrate(dataSource, objectMapper);

        Map<String, Object> row = jdbc.queryForMap("SELECT display_name_key, primary_email_key, family_name_key,"
                + " department_key, manager_key FROM scim_user WHERE user_id = 'u-1'");
        assertThat(row).containsValues("ada lovelace", "ada@example.com", "lovelace", "engineering", "boss-1");
        assertThat(jdbc.queryForList("SELECT value_key FROM scim_user_email WHERE user_id = 'u-1' ORDER BY value_key", String.class))
                .containsExactly("ada@example.com", "ada@home.org");
        assertThat(jdbc.queryForList("SELECT name_key || '=' || value_key FROM scim_user_custom_value WHERE user_id = 'u-1'", String.class))
                .containsExactly("shirtsize=m");
        ScimUserProjection projection = new ScimUserProjection(jdbc, objectMapper);
        assertThat(projection.handle(new ListScimUsersQuery("acme", "emails[type eq \"home\"].value eq \"ADA@home.org\"",
                "displayName", false, 1, 10)).users()).extracting(UserState::userId).containsExactly("u-1");
    }
}
