package io.dirsync.scim.user;

import io.dirsync.api.scim.InvalidAttributeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Which SCIM paths an admin may map: parseable, and naming an attribute dirsync syncs. */
class UserAttributePathTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "userName", "externalId", "displayName", "active", "name.givenName", "name.familyName", "name.formatted",
            "emails", "emails.value", "emails[type eq \"work\"].value", "emails[type eq \"work\" and primary eq true].value",
            "urn:ietf:params:scim:schemas:core:2.0:User:userName",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
            "URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:costCenter",
            "urn:dirsync:scim:schemas:extension:custom:2.0:User:anything",
            "urn:dirsync:scim:schemas:extension:custom:2.0:User:nested.deeper.still",
            "urn:dirsync:scim:schemas:extension:custom:2.0:User:badges[level gt 2].name"})
    void acceptsSyncedAttributes(String scimPath) {
        assertThat(UserAttributePath.parse(scimPath)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "emails[", "emails[type eq]", "foo bar", "name..givenName",
            "title", "phoneNumbers[type eq \"work\"].value", "name.middleName", "name.givenName.first", "userName[value eq \"x\"]",
            "name.givenName[value pr]",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.displayName",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:shoeSize",
            "urn:example:other:2.0:User:department",
            "urn:dirsync:scim:schemas:extension:custom:2.0:User"})
    void rejectsWhatDoesNotParseOrIsNotSynced(String scimPath) {
        InvalidAttributeException failure = catchThrowableOfType(() -> UserAttributePath.parse(scimPath), InvalidAttributeException.class);
        assertThat(failure).as(scimPath).isNotNull();
        assertThat(failure.attribute()).isEqualTo("scimPath");
        assertThat(failure.getMessage()).contains(scimPath);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void aPathIsRequired(String scimPath) {
        assertThat(catchThrowableOfType(() -> UserAttributePath.parse(scimPath), InvalidAttributeException.class)).isNotNull();
    }
}
