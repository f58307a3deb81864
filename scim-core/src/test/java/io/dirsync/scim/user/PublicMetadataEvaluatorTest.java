package io.dirsync.scim.user;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.api.attributemapping.AttributeMapping;
import io.dirsync.api.user.EmailAddress;
import io.dirsync.api.user.EnterpriseAttributes;
import io.dirsync.api.user.PersonName;
import io.dirsync.api.user.UserProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Mapped SCIM paths evaluated against the SCIM rendering of a profile. */
class PublicMetadataEvaluatorTest {
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final String CUSTOM = "urn:dirsync:scim:schemas:extension:custom:2.0:User";
    private static final UserProfile ADA = new UserProfile(
            "ada@example.com",
            "ext-ada",
            new PersonName("Ada", "Lovelace", null),
            "Ada Lovelace",
            List.of(
                    new EmailAddress("ada@home.example", "home", false),
                    new EmailAddress("ada@example.com", "work", true)),
            new EnterpriseAttributes("E-1", null, "Acme", null, "R&D", "manager-id"),
            Map.of("costCode", "CC-7", "tags", List.of("a", "b"), "badge", Map.of("level", 3)));

    private final PublicMetadataEvaluator evaluator = new PublicMetadataEvaluator(new ObjectMapper());

    static Stream<Arguments> paths() {
        return Stream.of(
                arguments("userName", "ada@example.com"),
                arguments("USERNAME", "ada@example.com"),
                arguments("urn:ietf:params:scim:schemas:core:2.0:User:displayName", "Ada Lovelace"),
                arguments("active", true),
                arguments("name.givenName", "Ada"),
                arguments("Name.FamilyName", "Lovelace"),
                arguments("emails[type eq \"work\"].value", "ada@example.com"),
                arguments("emails[primary eq true].type", "work"),
                arguments("emails.value", List.of("ada@home.example", "ada@example.com")),
                arguments(ENTERPRISE + ":department", "R&D"),
                arguments(ENTERPRISE.toLowerCase() + ":employeeNumber", "E-1"),
                arguments(ENTERPRISE + ":manager.value", "manager-id"),
                arguments(ENTERPRISE + ":manager", Map.of("value", "manager-id")),
                arguments(CUSTOM + ":costCode", "CC-7"),
                arguments(CUSTOM + ":COSTCODE", "CC-7"),
                arguments(CUSTOM + ":tags", List.of("a", "b")),
                arguments(CUSTOM + ":badge.level", 3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void evaluatesThePathAgainstTheScimRendering(String scimPath, Object expected) {
        assertThat(evaluator
                        .compile(List.of(new AttributeMapping(scimPath, "x")))
                        .valuesFor(ADA, true))
                .containsExactly(Map.entry("x", expected));
    }

    @Test
    void pathsMatchingNothingLeaveTheAttributeOut() {
        Map<String, Object> values = evaluator
                .compile(List.of(
                        new AttributeMapping("name.formatted", "formatted"),
                        new AttributeMapping("emails[type eq \"other\"].value", "otherEmail"),
                        new AttributeMapping(ENTERPRISE + ":costCenter", "costCenter"),
                        new AttributeMapping(CUSTOM + ":missing", "missing"),
                        new AttributeMapping("userName", "login")))
                .valuesFor(ADA, true);

        assertThat(values).containsExactly(Map.entry("login", "ada@example.com"));
    }

    @Test
    void valuesFollowTheProfileAndAreKeptInMappingOrder() {
        PublicMetadataEvaluator.Compiled compiled = evaluator.compile(List.of(
                new AttributeMapping(ENTERPRISE + ":department", "dept"),
                new AttributeMapping("emails[type eq \"work\"].value", "workEmail"),
                new AttributeMapping("active", "active")));
        UserProfile moved = new UserProfile(
                ADA.userName(),
                ADA.externalId(),
                ADA.name(),
                ADA.displayName(),
                List.of(new EmailAddress("ada@new.example", "work", true)),
                new EnterpriseAttributes(null, null, null, null, "Sales", null),
                Map.of());

        assertThat(compiled.valuesFor(moved, false))
                .containsExactly(
                        Map.entry("dept", "Sales"),
                        Map.entry("workEmail", "ada@new.example"),
                        Map.entry("active", false));
    }

    @Test
    void aStoredPathThatNoLongerParsesIsSkipped() {
        assertThat(evaluator
                        .compile(List.of(
                                new AttributeMapping("emails[", "broken"), new AttributeMapping("userName", "login")))
                        .valuesFor(ADA, true))
                .containsOnlyKeys("login");
    }
}
