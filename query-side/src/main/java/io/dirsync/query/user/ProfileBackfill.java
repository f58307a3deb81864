package io.dirsync.query.user;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.api.user.UserProfile;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import java.util.List;

/**
 * A Flyway Java migration that derives new search data for users stored before it existed. The SCIM read model
 * is a subscribing projection that is never replayed, so without a backfill an upgraded deployment would answer
 * an IdP's lookup of an existing user with an empty list. Each subclass derives exactly as the projection does
 * ({@link UserSearchColumns}), from the stored profile JSON. Spring Boot hands Flyway every JavaMigration bean.
 */
abstract class ProfileBackfill implements JavaMigration {
    private static final int BATCH = 500;
    private final ObjectMapper objectMapper;
    private final String version;
    private final String description;

    ProfileBackfill(ObjectMapper objectMapper, String version, String description) {
        this.objectMapper = objectMapper;
        this.version = version;
        this.description = description;
    }

    abstract void derive(UserSearchColumns columns, String userId, String connectionId, UserProfile profile);

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion(version);
    }

    @Override
    public String getDescription() {
        return description;
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    private record StoredUser(String userId, String connectionId, String profile) {}

    @Override
    public void migrate(Context context) throws JsonProcessingException {
        JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(context.getConnection(), true));
        UserSearchColumns columns = new UserSearchColumns(jdbc);
        String after = "";
        // keyset pages: memory stays bounded however many users there are
        while (true) {
            List<StoredUser> users = jdbc.query(
                    "SELECT user_id, connection_id, profile FROM scim_user WHERE user_id > ?"
                            + " ORDER BY user_id LIMIT " + BATCH,
                    (rs, row) -> new StoredUser(rs.getString(1), rs.getString(2), rs.getString(3)),
                    after);
            if (users.isEmpty()) {
                return;
            }
            for (StoredUser user : users) {
                derive(
                        columns,
                        user.userId(),
                        user.connectionId(),
                        objectMapper.readValue(user.profile(), UserProfile.class));
            }
            after = users.get(users.size() - 1).userId();
        }
    }
}
