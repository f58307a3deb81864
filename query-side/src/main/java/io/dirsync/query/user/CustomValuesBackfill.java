package io.dirsync.query.user;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.api.user.UserProfile;
import org.flywaydb.core.api.migration.Context;
import org.springframework.stereotype.Component;

/**
 * Flyway V32, which filled V31's custom-extension rows. V74 replaced that table and V75 fills its successor from
 * every stored profile, so this step does nothing now; it stays so that databases that ran it still validate.
 */
@Component
public class CustomValuesBackfill extends ProfileBackfill {

    public CustomValuesBackfill(ObjectMapper objectMapper) {
        super(objectMapper, "32", "backfill scim user custom values");
    }

    @Override
    public void migrate(Context context) {
        // superseded by AttributeValuesBackfill (V75)
    }

    @Override
    void derive(UserSearchColumns columns, String userId, String connectionId, UserProfile profile) {
        throw new UnsupportedOperationException("V32 reads no profiles");
    }
}
