package io.dirsync.query.user;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.api.user.EmailAddress;
import io.dirsync.api.user.EnterpriseAttributes;
import io.dirsync.api.user.PersonName;
import io.dirsync.api.user.UserDeactivatedEvent;
import io.dirsync.api.user.UserDeletedEvent;
import io.dirsync.api.user.UserProfile;
import io.dirsync.api.user.UserProfileUpdatedEvent;
import io.dirsync.api.user.UserProvisionedEvent;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small directory written through the real projection, on a schema built by the real migrations. Users
 * are chosen so that each filter in the tests tells them apart: odd cases, a missing displayName, an email
 * without type, a tie on department, timestamps with microseconds the API shows only to the millisecond, and
 * the attributes Entra ID and Okta send beyond those (title, addresses and phone numbers of several types, a
 * middle name, an Entra custom extension), with a work address in Lyon next to a home one in Paris.
 */
final class UserDirectoryFixture {
    static final String CONNECTION = "acme";
    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:";
    static final Instant ADA_PROVISIONED = Instant.parse("2024-01-01T10:00:00.123456Z");
    static final String ENTRA = "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User";

    private UserDirectoryFixture() {}

    /** Migrates {@code dataSource} to the latest schema, the Java migrations included. */
    static void migrate(DataSource dataSource, ObjectMapper objectMapper) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .javaMigrations(
                        new UserSearchColumnsBackfill(objectMapper),
                        new CustomValuesBackfill(objectMapper),
                        new AttributeValuesBackfill(objectMapper),
                        new SparseSearchIndexes())
                .load()
                .migrate();
    }

    static ScimUserProjection populate(DataSource dataSource, ObjectMapper objectMapper) {
        ScimUserProjection projection = new ScimUserProjection(new JdbcTemplate(dataSource), objectMapper);
        provision(projection, "u-1", ada(), ADA_PROVISIONED);
        provision(
                projection,
                "u-2",
                with(
                        new UserProfile(
                                "grace@example.com",
                                "jyoung",
                                new PersonName("Grace", "Hopper", null),
                                "Grace Hopper",
                                List.of(new EmailAddress("grace@navy.mil", "work", true)),
                                new EnterpriseAttributes(null, null, null, null, "Navy", null),
                                Map.of("shirtSize", "S")),
                        Map.of("title", "Captain")),
                at("2024-02-01T10:00:00Z"));
        // the update replaces the email and attribute rows: the home address must be found afterwards, the title not
        projection.on(new UserProfileUpdatedEvent("u-2", CONNECTION, grace()), 1, at("2024-03-01T10:00:00.500Z"));
        provision(
                projection,
                "u-3",
                new UserProfile(
                        "linus@example.com",
                        "00u1abcd",
                        null,
                        null,
                        List.of(new EmailAddress("Linus@Kernel.org", null, false)),
                        null,
                        Map.of()),
                at("2024-04-01T00:00:00Z"));
        projection.on(new UserDeactivatedEvent("u-3", CONNECTION, "PATCH"), 1, at("2024-04-02T00:00:00Z"));
        provision(
                projection,
                "u-4",
                with(
                        new UserProfile(
                                "O'Malley",
                                "ext-omalley",
                                null,
                                "Pat O'Malley",
                                List.of(new EmailAddress("pat@example.com", "work", true)),
                                new EnterpriseAttributes(null, null, null, null, "engineering", "boss-1"),
                                Map.of()),
                        Map.of(
                                "name",
                                Map.of("familyName", "O'Malley", "middleName", "Aloysius"),
                                "title",
                                "Engineer",
                                "userType",
                                "Employee",
                                "preferredLanguage",
                                "en-IE",
                                "phoneNumbers",
                                List.of(Map.of("value", "+353 1 555", "type", "work")),
                                "ims",
                                List.of(Map.of("value", "pat@xmpp.example", "type", "xmpp")),
                                ENTRA,
                                Map.of("Level", 10))),
                at("2024-05-01T00:00:00Z"));
        provision(
                projection,
                "u-5",
                new UserProfile(
                        "bargain@example.net",
                        "ext-bargain",
                        null,
                        "50%_off",
                        List.of(new EmailAddress("deal@shop.test", "work", true)),
                        null,
                        Map.of()),
                at("2024-06-01T00:00:00Z"));
        provision(
                projection,
                "u-6",
                new UserProfile(
                        "deleted@example.com",
                        "ext-deleted",
                        null,
                        "Ada Lovelace",
                        List.of(new EmailAddress("ada@example.com", "work", true)),
                        null,
                        Map.of()),
                at("2024-07-01T00:00:00Z"));
        projection.on(new UserDeletedEvent("u-6", CONNECTION), 1, at("2024-07-02T00:00:00Z"));
        projection.on(new UserProvisionedEvent("other-1", "other", ada(), true), 0, at("2024-01-01T00:00:00Z"));
        return projection;
    }

    /** As Entra ID provisions her: core, enterprise and custom-extension attributes; her work address is primary, not first. */
    static UserProfile ada() {
        return with(
                new UserProfile(
                        "Ada.Lovelace@Example.com",
                        "ext-Ada",
                        new PersonName("Ada", "Lovelace", "Ada Lovelace"),
                        "Ada Lovelace",
                        List.of(
                                new EmailAddress("ada@example.com", "work", true),
                                new EmailAddress("ada@home.org", "home", false)),
                        new EnterpriseAttributes("701", "CC-1", "Analytical", "R&D", "Engineering", "boss-1"),
                        Map.of("shirtSize", "M")),
                Map.of(
                        "name",
                        Map.of(
                                "givenName",
                                "Ada",
                                "familyName",
                                "Lovelace",
                                "formatted",
                                "Ada Lovelace",
                                "middleName",
                                "Augusta"),
                        "title",
                        "Countess",
                        "nickName",
                        "Ada",
                        "userType",
                        "Employee",
                        "profileUrl",
                        "https://example.com/Ada",
                        "addresses",
                        List.of(
                                Map.of("type", "home", "locality", "London", "country", "GB"),
                                Map.of(
                                        "type",
                                        "work",
                                        "locality",
                                        "Paris",
                                        "postalCode",
                                        "75001",
                                        "country",
                                        "FR",
                                        "primary",
                                        true)),
                        "phoneNumbers",
                        List.of(
                                Map.of("value", "+1 555 0100", "type", "work"),
                                Map.of("value", "+1 555 0199", "type", "mobile", "primary", true)),
                        ENTRA,
                        Map.of("CustomAttribute", "Blue", "Level", 5, "HireDate", "2021-03-01T00:00:00Z")));
    }

    /** Her work address is in Lyon, her home one in Paris: a value filter must not mix the two. */
    static UserProfile grace() {
        return with(
                new UserProfile(
                        "grace@example.com",
                        "jyoung",
                        new PersonName("Grace", "Hopper", null),
                        "Grace Hopper",
                        List.of(
                                new EmailAddress("grace@navy.mil", "work", true),
                                new EmailAddress("grace@example.org", "home", false)),
                        new EnterpriseAttributes(null, null, null, null, "Navy", null),
                        graceCustom()),
                Map.of(
                        "name",
                        Map.of("givenName", "Grace", "familyName", "Hopper", "middleName", "Brewster"),
                        "title",
                        "Rear Admiral",
                        "userType",
                        "Contractor",
                        "addresses",
                        List.of(
                                Map.of("type", "work", "locality", "Lyon", "country", "FR"),
                                Map.of("type", "home", "locality", "Paris", "country", "FR")),
                        "phoneNumbers",
                        List.of(Map.of("value", "+1 555 0142", "type", "mobile", "primary", true)),
                        "roles",
                        List.of(Map.of("value", "admin")),
                        ENTRA,
                        Map.of("CustomAttribute", "green", "Level", 2, "HireDate", "2019-05-01T00:00:00Z")));
    }

    /** {@code profile} with {@code attributes} added, or replacing its own. */
    static UserProfile with(UserProfile profile, Map<String, Object> attributes) {
        Map<String, Object> document = new LinkedHashMap<>(profile.attributes());
        document.putAll(attributes);
        return new UserProfile(document);
    }

    /** Every kind of custom-extension value: text, number, boolean, complex, multi-valued, too long to index. */
    static Map<String, Object> graceCustom() {
        return Map.of(
                "shirtSize",
                "L",
                "badge",
                1200,
                "building",
                Map.of("floor", 3, "wing", "East"),
                "skills",
                List.of("Java", "SCIM"),
                "remote",
                true,
                "motto",
                "x".repeat(UserAttributeRows.MAX_VALUE + 1));
    }

    private static void provision(ScimUserProjection projection, String id, UserProfile profile, Instant at) {
        projection.on(new UserProvisionedEvent(id, CONNECTION, profile, true), 0, at);
    }

    static Instant at(String instant) {
        return Instant.parse(instant);
    }
}
