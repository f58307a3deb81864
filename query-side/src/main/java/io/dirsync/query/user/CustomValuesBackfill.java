package io.dirsync.query.user;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.api.user.UserProfile;
import org.springframework.stereotype.Component;

/** Flyway V32: fills the V31 custom-extension value rows for users stored before they existed. */
@Component
public class CustomValuesBackfill extends ProfileBackfill {

    public CustomValuesBackfill(ObjectMapper objectMapper) {
        super(objectMapper, "32", "backfill scim user custom values");
    }

    @Override
    void derive(UserSearchColumns columns, String userId, String connectionId, UserProfile profile) {
        columns.writeCustomValues(userId, connectionId, profile);
    }
}
