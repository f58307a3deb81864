package io.dirsync.query.user;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.api.user.UserProfile;
import org.springframework.stereotype.Component;

/**
 * Flyway V75: fills the V74 attribute-value rows for users stored before they existed, from the stored profiles
 * (revision 1 ones included, which carry the custom extension only), custom-extension values included since V74
 * dropped their old table.
 */
@Component
public class AttributeValuesBackfill extends ProfileBackfill {

    public AttributeValuesBackfill(ObjectMapper objectMapper) {
        super(objectMapper, "75", "backfill scim user attribute values");
    }

    @Override
    void derive(UserSearchColumns columns, String userId, String connectionId, UserProfile profile) {
        columns.writeAttributeValues(userId, connectionId, profile);
    }
}
