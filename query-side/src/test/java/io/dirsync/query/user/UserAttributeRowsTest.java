package io.dirsync.query.user;

import io.dirsync.api.user.UserProfile;
import io.dirsync.query.user.UserAttributeRows.Row;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a profile gives to {@code scim_user_attribute_value}: the rows filters and sortBy read. */
class UserAttributeRowsTest {

    @Test
    void attributesWithColumnsOrTheirOwnTableGiveNoRows() {
        UserProfile profile = new UserProfile(Map.of(
                "userName",
                "ada",
                "externalId",
                "x",
                "displayName",
                "Ada",
                "name",
                Map.of("givenName", "Ada", "familyName", "Lovelace"),
                "emails",
                List.of(Map.of("value", "ada@example.com", "primary", true)),
                UserProfile.ENTERPRISE_SCHEMA,
                Map.of("department", "R&D", "manager", Map.of("value", "boss-1"))));

        assertThat(UserAttributeRows.of(profile)).isEmpty();
    }

    @Test
    void eachValueOfAMultiValuedAttributeIsAnElementThePrimaryOneFirst() {
        UserProfile profile = new UserProfile(Map.of(
                "phoneNumbers",
                List.of(
                        Map.of("value", "+1 555", "type", "work"),
                        Map.of("value", "+1 666", "type", "Mobile", "primary", true))));

        assertThat(UserAttributeRows.of(profile))
                .containsExactlyInAnyOrder(
                        new Row("phonenumbers", "value", 0, "+1 666", null, null),
                        new Row("phonenumbers", "type", 0, "mobile", null, null),
                        new Row("phonenumbers", "primary", 0, "true", null, null),
                        new Row("phonenumbers", "value", 1, "+1 555", null, null),
                        new Row("phonenumbers", "type", 1, "work", null, null));
    }

    @Test
    void valuesAreKeptAsTheSchemaTypesThem() {
        UserProfile profile = new UserProfile(Map.of(
                "profileUrl",
                "https://x.test/Ada",
                "name",
                Map.of("middleName", "Augusta"),
                "urn:ietf:params:scim:schemas:extension:Acme:2.0:User",
                Map.of("Level", 5, "Badge", Map.of("Id", "B-1"))));

        assertThat(UserAttributeRows.of(profile))
                .containsExactlyInAnyOrder(
                        new Row("profileurl", "", 0, "https://x.test/ada", "https://x.test/Ada", null),
                        new Row("name", "middlename", 0, "augusta", null, null),
                        new Row("urn:ietf:params:scim:schemas:extension:acme:2.0:user:level", "", 0, "5", null, 5.0),
                        new Row(
                                "urn:ietf:params:scim:schemas:extension:acme:2.0:user:badge",
                                "id",
                                0,
                                "b-1",
                                null,
                                null));
    }

    @Test
    void undefinedBlankAndUnindexableValuesAreNotRows() {
        UserProfile profile = new UserProfile(Map.of(
                "favouriteColour",
                "blue",
                "title",
                " ",
                "nickName",
                "x".repeat(UserAttributeRows.MAX_VALUE + 1),
                "addresses",
                List.of(Map.of("locality", "Paris", "floor", "3"))));

        assertThat(UserAttributeRows.of(profile))
                .containsExactly(new Row("addresses", "locality", 0, "paris", null, null));
    }
}
