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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A read model written before V17 gets its search columns and email rows from V18, and its attribute-value rows from
 * V75, when the service upgrades: from profiles stored as SCIM documents and from those stored in the revision 1 shape.
 */
class UserSearchColumnsBackfillTest {
    private static final String CUSTOM = "urn:dirsync:scim:schemas:extension:custom:2.0:user:";
    /** As the projection stored Grace before the profile became the SCIM document. */
    private static final String REVISION_1_PROFILE = """
            {"userName":"grace@example.com","externalId":"jyoung","name":{"givenName":"Grace","familyName":"Hopper"},
             "displayName":"Grace Hopper","emails":[{"value":"grace@navy.mil","type":"work","primary":true}],
             "enterprise":null,"customAttributes":{"shirtSize":"L","badge":1200}}""";

    private final ObjectMapper objectMapper = Jackson2ObjectMapperBuilder.json().build();

    @Test
    void usersStoredBeforeTheSearchColumnsBecomeFindable() throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:backfill-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .target("4")
                .load()
                .migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        storeAsTheV3ProjectionDid(
                jdbc, "u-1", "Ada.Lovelace@Example.com", objectMapper.writeValueAsString(UserDirectoryFixture.ada()));
        storeAsTheV3ProjectionDid(jdbc, "u-2", "grace@example.com", REVISION_1_PROFILE);

        UserDirectoryFixture.migrate(dataSource, objectMapper);

        Map<String, Object> row = jdbc.queryForMap("SELECT display_name_key, primary_email_key, family_name_key,"
                + " department_key, manager_key FROM scim_user WHERE user_id = 'u-1'");
        assertThat(row).containsValues("ada lovelace", "ada@example.com", "lovelace", "engineering", "boss-1");
        assertThat(jdbc.queryForList(
                        "SELECT value_key FROM scim_user_email WHERE user_id = 'u-1' ORDER BY value_key", String.class))
                .containsExactly("ada@example.com", "ada@home.org");
        assertThat(values(jdbc, "u-1"))
                .contains(
                        "title//0=countess",
                        "name/middlename/0=augusta",
                        "addresses/locality/0=paris",
                        "addresses/type/0=work",
                        "addresses/locality/1=london",
                        CUSTOM + "shirtsize//0=m",
                        "urn:ietf:params:scim:schemas:extension:customextensionname:2.0:user:level//0=5");
        assertThat(values(jdbc, "u-2")).containsExactlyInAnyOrder(CUSTOM + "shirtsize//0=l", CUSTOM + "badge//0=1200");
        ScimUserProjection projection = new ScimUserProjection(jdbc, objectMapper);
        assertThat(find(projection, "emails[type eq \"home\"].value eq \"ADA@home.org\""))
                .containsExactly("u-1");
        assertThat(find(projection, "addresses[type eq \"work\" and locality eq \"paris\"]"))
                .containsExactly("u-1");
        assertThat(find(projection, "urn:dirsync:scim:schemas:extension:custom:2.0:User:badge gt 1000"))
                .containsExactly("u-2");
    }

    private void storeAsTheV3ProjectionDid(JdbcTemplate jdbc, String userId, String userName, String profile) {
        Timestamp at = Timestamp.valueOf("2024-01-01 00:00:00");
        jdbc.update(
                "INSERT INTO scim_user (user_id, connection_id, user_name, user_name_key, external_id, display_name,"
                        + " primary_email, profile, active, deleted, version, created_at, last_modified)"
                        + " VALUES (?, 'acme', ?, ?, NULL, NULL, NULL, ?, TRUE, FALSE, 0, ?, ?)",
                userId,
                userName,
                userName.toLowerCase(Locale.ROOT),
                profile,
                at,
                at);
    }

    private static List<String> values(JdbcTemplate jdbc, String userId) {
        return jdbc.queryForList(
                "SELECT attribute_key || '/' || sub_key || '/' || element || '=' || value_key"
                        + " FROM scim_user_attribute_value WHERE user_id = ?",
                String.class,
                userId);
    }

    private static List<String> find(ScimUserProjection projection, String filter) {
        return projection.handle(new ListScimUsersQuery("acme", filter, "displayName", false, 1, 10)).users().stream()
                .map(UserState::userId)
                .toList();
    }
}
