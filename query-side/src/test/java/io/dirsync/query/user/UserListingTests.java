package io.dirsync.query.user;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.api.user.ListScimUsersQuery;
import io.dirsync.api.user.UserPage;
import io.dirsync.api.user.UserState;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.dirsync.query.user.UserDirectoryFixture.CONNECTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Filters, sorting and paging of SCIM users, executed by a real database through the real projection:
 * {@link H2UserListingTest} and {@link PostgresUserListingTest}. Expected users are named u1..u5 (see
 * {@link UserDirectoryFixture}); u6 is deleted and a user of another connection shares u1's userName, so
 * neither may ever appear.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class UserListingTests {
    // as Spring Boot configures it: the stored profile JSON carries derived properties such as primaryEmail
    private final ObjectMapper objectMapper = Jackson2ObjectMapperBuilder.json().build();
    private ScimUserProjection projection;

    abstract DataSource dataSource();

    @BeforeAll
    void buildDirectory() {
        UserDirectoryFixture.migrate(dataSource(), objectMapper);
        projection = UserDirectoryFixture.populate(dataSource(), objectMapper);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            # Okta and Entra ID lookups (idp-quirks 1.3, 2.2): userName ignores case, externalId does not
            userName eq "ada.lovelace@example.com"                             | u1
            userName eq "ADA.LOVELACE@EXAMPLE.COM"                             | u1
            externalId eq "ext-Ada"                                            | u1
            externalId eq "ext-ada"                                            |
            externalId eq jyoung                                               | u2
            externalId eq 00u1abcd                                             | u3
            emails[type eq "work"].value eq "ADA@example.com"                  | u1
            emails[type eq "work"].value eq "ada@home.org"                     |
            emails[type eq "home"].value eq "ada@home.org"                     | u1
            emails[type eq "home"].value eq "grace@example.org"                | u2
            Emails[Type eq "WORK"].Value eq "grace@navy.mil"                   | u2
            USERNAME EQ "grace@example.com"                                    | u2
            id eq "u-1"                                                        | u1
            id eq "U-1"                                                        |
            # RFC 7644 3.4.2.2 examples
            name.familyName co "O'Malley"                                      | u4
            title pr                                                           | u1 u2 u4
            title pr and userType eq "Employee"                                | u1 u4
            title pr or userType eq "Intern"                                   | u1 u2 u4
            userType eq "Employee" and (emails co "example.com" or emails.value co "example.org") | u1 u4
            userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org") | u3 u5
            userType eq "Employee" and (emails.type eq "work")                 | u1 u4
            userType eq "Employee" and emails[type eq "work" and value co "@example.com"] | u1 u4
            emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"] | u1 u4
            userName sw "G"                                                    | u2
            urn:ietf:params:scim:schemas:core:2.0:User:userName sw "G"         | u2
            meta.lastModified gt "2024-03-01T10:00:00Z"                        | u2 u3 u4 u5
            displayName eq "Grace Hopper" and (emails co "example.com" or emails.value co "example.org") | u2
            displayName ne "Grace Hopper" and not (emails co "example.com" or emails.value co "example.org") | u3 u5
            active eq true and (emails.type eq "work")                         | u1 u2 u4 u5
            emails[type eq "work" and value co "@example.com"]                 | u1 u4
            emails[type eq "work" and value co "@example.com"] or userName eq "linus@example.com" | u1 u3 u4
            # multi-valued emails: any value matches
            emails eq "grace@navy.mil"                                         | u2
            emails co "example"                                                | u1 u2 u4
            emails.value ew ".org"                                             | u1 u2 u3
            emails.value sw "linus@"                                           | u3
            emails.type pr                                                     | u1 u2 u4 u5
            emails pr                                                          | u1 u2 u3 u4 u5
            emails[primary eq true]                                            | u1 u2 u4 u5
            not (emails[primary eq true])                                      | u3
            emails[type eq "home" or type eq "work"].value ew ".org"           | u1 u2
            # logic; a missing value makes a comparison false, so not() finds it
            not (displayName eq "Ada Lovelace")                                | u2 u3 u4 u5
            displayName pr                                                     | u1 u2 u4 u5
            not (displayName pr)                                               | u3
            (userName eq "grace@example.com" or userName eq "o'malley") and active eq true | u2 u4
            active eq false                                                    | u3
            active ne true                                                     | u3
            userName ew "@example.com"                                         | u1 u2 u3
            # LIKE wildcards in values are literal
            displayName co "%_"                                                | u5
            displayName co "_"                                                 | u5
            displayName gt "g"                                                 | u2 u4
            displayName ge "grace hopper"                                      | u2 u4
            displayName lt "b"                                                 | u1 u5
            displayName le "ada lovelace"                                      | u1 u5
            name pr                                                            | u1 u2 u4
            name[givenName eq "ada"]                                           | u1
            name.formatted pr                                                  | u1
            # timestamps compare as shown: to the millisecond, in any offset
            meta.lastModified gt "2024-01-01T10:00:00.123Z"                    | u2 u3 u4 u5
            meta.lastModified ge "2024-01-01T10:00:00.123Z"                    | u1 u2 u3 u4 u5
            meta.lastModified eq "2024-01-01T10:00:00.123Z"                    | u1
            meta.lastModified ne "2024-01-01T10:00:00.123Z"                    | u2 u3 u4 u5
            meta.lastModified le "2024-01-01T10:00:00.123Z"                    | u1
            meta.lastModified lt "2024-01-01T10:00:00.123Z"                    |
            meta.lastModified lt "2024-01-01T10:00:00.1235Z"                   | u1
            meta.lastModified eq "2024-01-01T10:00:00.1235Z"                   |
            meta.lastModified gt "2024-03-01T11:00:00+01:00"                   | u2 u3 u4 u5
            meta.created lt "2024-02-01T10:00:00Z"                             | u1
            meta.created ge "2024-02-01T10:00:00Z" and meta.lastModified gt "2024-03-01T10:00:00.500Z" | u3 u4 u5
            # the enterprise extension, URN-qualified, ignoring case
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "ENGINEERING" | u1 u4
            URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:DEPARTMENT eq "navy" | u2
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "BOSS-1" | u1 u4
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager pr | u1 u4
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq 701 | u1
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter sw "cc" | u1
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:division eq "r&d" | u1
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:organization pr | u1
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department pr and not (urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "navy") | u1 u4
            # attributes without a column of their own, compared as the schema types them
            title eq "countess"                                                | u1
            urn:ietf:params:scim:schemas:core:2.0:User:title eq "Countess"     | u1
            title co "ADMIRAL"                                                 | u2
            title sw "eng"                                                     | u4
            title ew "ess"                                                     | u1
            title gt "d"                                                       | u2 u4
            title le "engineer"                                                | u1 u4
            title ne "Countess"                                                | u2 u3 u4 u5
            not (title pr)                                                     | u3 u5
            title eq "Captain"                                                 |
            nickName eq "ADA"                                                  | u1
            preferredLanguage sw "en"                                          | u4
            name.middleName eq "augusta"                                       | u1
            name.middleName pr                                                 | u1 u2 u4
            name[givenName eq "grace" and middleName sw "B"]                   | u2
            name[familyName eq "O'Malley" or middleName eq "Augusta"]          | u1 u4
            profileUrl eq "https://example.com/Ada"                            | u1
            profileUrl eq "https://example.com/ada"                            |
            profileUrl sw "https://example.com/A"                              | u1
            profileUrl co "/ada"                                               |
            # a value filter holds for one value: Grace works in Lyon and lives in Paris
            addresses[type eq "work" and locality eq "Paris"]                  | u1
            addresses[type eq "home" and locality eq "paris"]                  | u2
            addresses[type eq "work"].locality eq "Lyon"                       | u2
            addresses[type eq "work" and not (locality eq "Paris")]            | u2
            addresses[type eq "work" and locality ne "Paris"]                  | u2
            addresses[locality ne "Paris"]                                     | u1 u2
            addresses[type eq "work" or locality eq "London"]                  | u1 u2
            addresses[(type eq "home" or type eq "other") and country eq "GB"] | u1
            addresses[primary eq true and locality eq "Paris"]                 | u1
            addresses[postalCode pr]                                           | u1
            not (addresses[postalCode pr])                                     | u2 u3 u4 u5
            addresses.locality eq "Paris"                                      | u1 u2
            addresses.locality sw "Pa"                                         | u1 u2
            addresses.country eq "fr" and addresses.country eq "gb"            | u1
            addresses.type ne "work"                                           | u1 u2
            addresses pr                                                       | u1 u2
            phoneNumbers[type eq "mobile" and value eq "+1 555 0199"]          | u1
            phoneNumbers[type eq "work" and value eq "+1 555 0199"]            |
            phoneNumbers[type eq "mobile"].value eq "+1 555 0199"              | u1
            phoneNumbers.value sw "+1"                                         | u1 u2
            phoneNumbers eq "+353 1 555"                                       | u4
            phoneNumbers co "555"                                              | u1 u2 u4
            phoneNumbers.type eq "mobile"                                      | u1 u2
            phoneNumbers[primary eq true]                                      | u1 u2
            phoneNumbers.primary ne true                                       | u1 u4
            not (phoneNumbers pr)                                              | u3 u5
            ims[type eq "xmpp" and value co "@xmpp.example"]                   | u4
            roles.value eq "ADMIN"                                             | u2
            # an extension the schema does not know (Entra's directory extensions): any attribute, typed by the filter
            urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User:CustomAttribute eq "blue"                                      | u1
            urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User:customattribute eq "GREEN"                                     | u2
            URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:CUSTOMEXTENSIONNAME:2.0:USER:CUSTOMATTRIBUTE eq "Blue" | u1
            urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User:CustomAttribute pr                                             | u1 u2
            urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User:CustomAttribute ne "blue"                                      | u2 u3 u4 u5
            urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User:Level ge 5                                                     | u1 u4
            urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User:Level lt 5                                                     | u2
            urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User:Level eq 10                                                    | u4
            urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User:HireDate gt "2020-01-01T00:00:00Z"                             | u1
            urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User:Unknown pr                                                     |
            # the custom extension: any attribute name, values compared as the filter value reads
            urn:dirsync:scim:schemas:extension:custom:2.0:User:shirtSize eq "m"                 | u1
            URN:DIRSYNC:SCIM:SCHEMAS:EXTENSION:CUSTOM:2.0:USER:SHIRTSIZE eq "M"                 | u1
            urn:dirsync:scim:schemas:extension:custom:2.0:User:shirtSize eq "S"                 |
            urn:dirsync:scim:schemas:extension:custom:2.0:User:shirtSize ne "M"                 | u2 u3 u4 u5
            urn:dirsync:scim:schemas:extension:custom:2.0:User:shirtSize pr                     | u1 u2
            not (urn:dirsync:scim:schemas:extension:custom:2.0:User:shirtSize pr)               | u3 u4 u5
            urn:dirsync:scim:schemas:extension:custom:2.0:User:shirtSize sw "l" and userName sw "grace" | u2
            urn:dirsync:scim:schemas:extension:custom:2.0:User:badge gt 1000                    | u2
            urn:dirsync:scim:schemas:extension:custom:2.0:User:badge le 1000                    |
            urn:dirsync:scim:schemas:extension:custom:2.0:User:badge eq 1200                    | u2
            urn:dirsync:scim:schemas:extension:custom:2.0:User:badge eq 1200.0                  | u2
            urn:dirsync:scim:schemas:extension:custom:2.0:User:badge eq "1200"                  | u2
            urn:dirsync:scim:schemas:extension:custom:2.0:User:building pr                      | u2
            urn:dirsync:scim:schemas:extension:custom:2.0:User:building.floor ge 3              | u2
            urn:dirsync:scim:schemas:extension:custom:2.0:User:building.wing eq "east"          | u2
            urn:dirsync:scim:schemas:extension:custom:2.0:User:skills eq "scim"                 | u2
            urn:dirsync:scim:schemas:extension:custom:2.0:User:skills co "av"                   | u2
            urn:dirsync:scim:schemas:extension:custom:2.0:User:remote eq true                   | u2
            urn:dirsync:scim:schemas:extension:custom:2.0:User:remote eq false                  |
            urn:dirsync:scim:schemas:extension:custom:2.0:User:remote ne false                  | u1 u2 u3 u4 u5
            urn:dirsync:scim:schemas:extension:custom:2.0:User:motto pr                         |
            urn:dirsync:scim:schemas:extension:custom:2.0:User:building_ pr                     |
            """)
    void filtersRunInTheDatabase(String filter, String expected) {
        List<String> users = ids(list(filter, null, false, 1, 100));

        assertThat(users).containsExactlyInAnyOrderElementsOf(names(expected));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "nickNames eq \"x\"",
                "title.value pr",
                "addresses eq \"Paris\"",
                "addresses[locality eq \"x\"] eq \"x\"",
                "groups.value eq \"g-1\"",
                "password pr",
                "phoneNumbers[primary eq \"yes\"]",
                "phoneNumbers.primary gt true",
                "phoneNumbers[type eq \"work\" and display.x eq \"x\"]",
                "addresses[region pr and emails[type eq \"work\"]]",
                "name.middleName eq 1.5",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:nickName eq \"x\"",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.displayName eq \"x\"",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager eq \"x\"",
                "urn:example:Acme eq \"x\"",
                "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User:CustomAttribute[value eq \"x\"]",
                "schemas eq \"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"",
                "userName eq",
                "emails[type eq \"work\"",
                "active gt true",
                "active eq \"yes\"",
                "meta.lastModified gt \"yesterday\"",
                "meta.lastModified co \"2024\"",
                "userName eq null",
                "name eq \"x\"",
                "emails.nick eq \"x\"",
                "emails[type eq \"work\"] eq \"x\"",
                "urn:dirsync:scim:schemas:extension:custom:2.0:User:skills[value eq \"java\"]",
                "urn:dirsync:scim:schemas:extension:custom:2.0:User:remote gt true",
                "urn:dirsync:scim:schemas:extension:custom:2.0:User:badge co 12",
                "urn:dirsync:scim:schemas:extension:custom:2.0:User:shirtSize eq null",
                "userName eq 1.5"
            })
    void unsupportedOrBrokenFiltersAreInvalidFilter(String filter) {
        assertThatThrownBy(() -> list(filter, null, false, 1, 100)).isInstanceOfSatisfying(ScimException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.scimType()).isEqualTo(ScimType.invalidFilter);
        });
    }

    /** sortBy | sortOrder | expected order. Equal values fall back to the id, in the same direction. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            userName                      | ascending  | u1 u5 u2 u3 u4
            userName                      | descending | u4 u3 u2 u5 u1
            UserName                      |            | u1 u5 u2 u3 u4
            displayName                   | ascending  | u5 u1 u2 u4 u3
            displayName                   | descending | u3 u4 u2 u1 u5
            emails                        | ascending  | u1 u5 u2 u3 u4
            emails.value                  | descending | u4 u3 u2 u5 u1
            externalId                    | ascending  | u3 u1 u5 u4 u2
            meta.created                  | descending | u5 u4 u3 u2 u1
            meta.lastModified             | ascending  | u1 u2 u3 u4 u5
            name.familyName               | ascending  | u2 u1 u4 u3 u5
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department | ascending  | u1 u4 u2 u3 u5
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department | descending | u5 u3 u2 u4 u1
            urn:ietf:params:scim:schemas:core:2.0:User:userName | descending | u4 u3 u2 u5 u1
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value | ascending  | u1 u4 u2 u3 u5
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value | descending | u5 u3 u2 u4 u1
            # attributes without a column of their own
            title                         | ascending  | u1 u4 u2 u3 u5
            title                         | descending | u5 u3 u2 u4 u1
            userType                      | ascending  | u2 u1 u4 u3 u5
            userType                      | descending | u5 u3 u4 u1 u2
            name.middleName               | ascending  | u4 u1 u2 u3 u5
            name.middleName               | descending | u5 u3 u2 u1 u4
            # multi-valued: by the primary value, else the first (Ada's primary phone and address are not her first)
            phoneNumbers                  | ascending  | u2 u1 u4 u3 u5
            phoneNumbers.value            | descending | u5 u3 u4 u1 u2
            addresses.locality            | ascending  | u2 u1 u3 u4 u5
            addresses.locality            | descending | u5 u4 u3 u1 u2
            # extensions: numbers numerically (10 after 5), text ignoring case
            urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User:Level                     | ascending  | u2 u1 u4 u3 u5
            urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User:Level                     | descending | u5 u3 u4 u1 u2
            urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User:HireDate                  | ascending  | u2 u1 u3 u4 u5
            urn:dirsync:scim:schemas:extension:custom:2.0:User:shirtSize | ascending | u2 u1 u3 u4 u5
            """)
    void sortsWithMissingValuesLastAscendingAndFirstDescending(String sortBy, String sortOrder, String expected) {
        boolean descending = "descending".equals(sortOrder);

        assertThat(ids(list(null, sortBy, descending, 1, 100))).containsExactlyElementsOf(names(expected));
    }

    @Test
    void pagesOfASortWithTiesAddUpToTheWholeList() {
        String department = UserDirectoryFixture.ENTERPRISE + "department";
        List<String> paged = new ArrayList<>();
        for (int start = 1; start <= 5; start += 2) {
            UserPage page = list(null, department, true, start, 2);
            assertThat(page.totalResults()).isEqualTo(5);
            paged.addAll(ids(page));
        }
        assertThat(paged).containsExactlyElementsOf(ids(list(null, department, true, 1, 100)));
    }

    @Test
    void withoutSortByUsersComeInCreationOrder() {
        assertThat(ids(list(null, null, true, 1, 100))).containsExactly("u1", "u2", "u3", "u4", "u5");
    }

    /** The total does not depend on the page: full pages, the short last page, count 0 and pages past the end. */
    @Test
    void everyPageReportsTheTotalOfTheWholeList() {
        List<String> all = ids(list(null, null, false, 1, 100));
        for (int start = 1; start <= 7; start++) {
            for (int count = 0; count <= 6; count++) {
                UserPage page = list(null, null, false, start, count);

                assertThat(page.totalResults())
                        .as("startIndex %d, count %d", start, count)
                        .isEqualTo(5);
                assertThat(ids(page))
                        .as("startIndex %d, count %d", start, count)
                        .containsExactlyElementsOf(all.subList(Math.min(5, start - 1), Math.min(5, start - 1 + count)));
            }
        }
        assertThat(list("userName eq \"nobody\"", null, false, 1, 100).totalResults())
                .isZero();
        assertThat(list("userName eq \"nobody\"", null, false, 3, 100).totalResults())
                .isZero();
        assertThat(list("emails co \"example\"", null, false, 2, 1).totalResults())
                .isEqualTo(3);
    }

    @Test
    void countZeroAnswersOnlyTheTotal() {
        UserPage page = list("emails co \"example\"", null, false, 1, 0);

        assertThat(page.totalResults()).isEqualTo(3);
        assertThat(page.users()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "nickNames",
                "emails.nick",
                "emails[type eq \"work\"].value",
                "name",
                "addresses",
                "groups",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
                "urn:example:Acme"
            })
    void unknownSortByIsInvalidValue(String sortBy) {
        assertThatThrownBy(() -> list(null, sortBy, false, 1, 100)).isInstanceOfSatisfying(ScimException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.scimType()).isEqualTo(ScimType.invalidValue);
            assertThat(e.getMessage()).contains(sortBy).contains("userName").contains("emails.value, ");
        });
    }

    @Test
    void storedTimesShowTheMillisecondTheWriteAnswered() {
        java.time.Instant at = java.time.Instant.parse("2024-08-01T00:00:00.221999700Z");
        projection.on(
                new io.dirsync.api.user.UserProvisionedEvent("clock-1", "clock", UserDirectoryFixture.ada(), true),
                0,
                at);

        UserState stored = projection
                .handle(new io.dirsync.api.user.FindScimUserQuery("clock", "clock-1"))
                .orElseThrow();

        // a database rounding .2219997 to .222 would make the GET disagree with the POST's answer (.221)
        assertThat(stored.lastModified().truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
                .isEqualTo(java.time.Instant.parse("2024-08-01T00:00:00.221Z"));
    }

    private UserPage list(String filter, String sortBy, boolean descending, int startIndex, int count) {
        return projection.handle(new ListScimUsersQuery(CONNECTION, filter, sortBy, descending, startIndex, count));
    }

    /** "u-1" is shown as u1, to keep the tables above readable. */
    private static List<String> ids(UserPage page) {
        return page.users().stream()
                .map(UserState::userId)
                .map(id -> id.replace("-", ""))
                .toList();
    }

    private static List<String> names(String expected) {
        return expected == null ? List.of() : Arrays.asList(expected.trim().split("\\s+"));
    }
}
