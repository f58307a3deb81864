package io.dirsync.scim.user;

import io.dirsync.api.scim.InvalidAttributeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Which SCIM paths an admin may map: parseable, and naming an attribute of the User schema or of an extension. */
class UserAttributePathTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "userName",
                "externalId",
                "displayName",
                "active",
                "name.givenName",
                "name.familyName",
                "name.formatted",
                "emails",
                "emails.value",
                "emails[type eq \"work\"].value",
                "emails[type eq \"work\" and primary eq true].value",
                "urn:ietf:params:scim:schemas:core:2.0:User:userName",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
                "URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:costCenter",
                "urn:dirsync:scim:schemas:extension:custom:2.0:User:anything",
                "urn:dirsync:scim:schemas:extension:custom:2.0:User:nested.deeper",
                "urn:dirsync:scim:schemas:extension:custom:2.0:User:badges[level gt 2].name",
                // the whole User schema is kept now, so all of it can be mapped
                "title",
                "locale",
                "nickName",
                "x509Certificates.value",
                "phoneNumbers[type eq \"work\"].value",
                "addresses[type eq \"work\"].locality",
                "name.middleName",
                "name.honorificPrefix",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.displayName",
                // an extension the schema does not know is kept as sent, so its attributes can be mapped too
                "urn:example:other:2.0:User:department",
                "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User:CustomAttribute"
            })
    void acceptsAttributesOfTheUserSchemaAndItsExtensions(String scimPath) {
        assertThat(UserAttributePath.parse(scimPath)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "emails[",
                "emails[type eq]",
                "foo bar",
                "name..givenName",
                "favoriteColor",
                "name.nickName",
                "userName.userName",
                "name.givenName.first",
                "userName[value eq \"x\"]",
                "name.givenName[value pr]",
                "name[givenName eq \"x\"]",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:shoeSize",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.email",
                "urn:dirsync:scim:schemas:extension:custom:2.0:User:nested.deeper.still",
                // a whole extension is no attribute to map
                "urn:dirsync:scim:schemas:extension:custom:2.0:User",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                "urn:example:other:2.0:User"
            })
    void rejectsWhatDoesNotParseOrIsNotAnAttributeOfTheSchema(String scimPath) {
        InvalidAttributeException failure =
                catchThrowableOfType(() -> UserAttributePath.parse(scimPath), InvalidAttributeException.class);
        assertThat(failure).as(scimPath).isNotNull();
        assertThat(failure.attribute()).isEqualTo("scimPath");
        assertThat(failure.getMessage()).contains(scimPath);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void aPathIsRequired(String scimPath) {
        assertThat(catchThrowableOfType(() -> UserAttributePath.parse(scimPath), InvalidAttributeException.class))
                .isNotNull();
    }
}
