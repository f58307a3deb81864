package io.dirsync.query.user;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.api.user.UserProfile;
import org.springframework.stereotype.Component;

/** Flyway V18: fills the V17 search columns and email rows for users stored before they existed. */
@Component
public class UserSearchColumnsBackfill extends ProfileBackfill {

    public UserSearchColumnsBackfill(ObjectMapper objectMapper) {
        super(objectMapper, "18", "backfill scim user search columns");
    }

    @Override
    void derive(UserSearchColumns columns, String userId, String connectionId, UserProfile profile) {
        columns.writeKeysAndEmails(userId, connectionId, profile, false);
    }
}
