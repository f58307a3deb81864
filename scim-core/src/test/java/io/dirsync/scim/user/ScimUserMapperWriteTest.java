package io.dirsync.scim.user;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dirsync.api.user.EmailAddress;
import io.dirsync.api.user.EnterpriseAttributes;
import io.dirsync.api.user.PersonName;
import io.dirsync.api.user.UserProfile;
import io.dirsync.api.user.UserState;
import io.dirsync.scim.ScimSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ScimUserMapperWriteTest {
    private static final Instant CREATED = Instant.parse("2025-01-02T03:04:05Z");
    private static final Instant MODIFIED = Instant.parse("2025-02-03T04:05:06.789Z");
    private static final String LOCATION = "https://dirsync.example/scim/v2/c1/Users/u1";
    private static final EnterpriseAttributes ENTERPRISE =
            new EnterpriseAttributes("701984", null, null, null, "Sales", "m-1");
    private static final Map<String, Object> CUSTOM = Map.of("team", "blue");

    private final ScimUserMapper mapper = new ScimUserMapper(new ObjectMapper());

    static Stream<Arguments> extensionsInUse() {
        return Stream.of(
                arguments("core only", null, Map.of(), List.of(ScimSchemas.USER)),
                arguments(
                        "empty enterprise extension",
                        new EnterpriseAttributes(null, null, null, null, null, null),
                        Map.of(),
                        List.of(ScimSchemas.USER)),
                arguments("enterprise", ENTERPRISE, Map.of(), List.of(ScimSchemas.USER, ScimSchemas.ENTERPRISE_USER)),
                arguments("custom", null, CUSTOM, List.of(ScimSchemas.USER, ScimSchemas.CUSTOM_USER)),
                arguments(
                        "both",
                        ENTERPRISE,
                        CUSTOM,
                        List.of(ScimSchemas.USER, ScimSchemas.ENTERPRISE_USER, ScimSchemas.CUSTOM_USER)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("extensionsInUse")
    void schemasListTheExtensionsOnlyWhenUsed(
            String name, EnterpriseAttributes enterprise, Map<String, Object> custom, List<String> expectedSchemas) {
        ObjectNode written = mapper.write(state(profile(enterprise, custom), true, 3), LOCATION);

        assertThat(texts(written.get("schemas"))).containsExactlyElementsOf(expectedSchemas);
        for (String extension : List.of(ScimSchemas.ENTERPRISE_USER, ScimSchemas.CUSTOM_USER)) {
            assertThat(written.has(extension)).as(extension).isEqualTo(expectedSchemas.contains(extension));
        }
    }

    @Test
    void metaCarriesTypeTimesLocationAndWeakVersion() {
        ObjectNode written = mapper.write(state(profile(null, Map.of()), true, 7), LOCATION);

        JsonNode meta = written.get("meta");
        assertThat(meta.get("resourceType").asText()).isEqualTo("User");
        assertThat(Instant.parse(meta.get("created").asText())).isEqualTo(CREATED);
        assertThat(Instant.parse(meta.get("lastModified").asText())).isEqualTo(MODIFIED);
        assertThat(meta.get("location").asText()).isEqualTo(LOCATION);
        assertThat(meta.get("version").asText()).isEqualTo("W/\"7\"");
    }

    @Test
    void writesEverySyncedAttribute() {
        ObjectNode written = mapper.write(state(profile(ENTERPRISE, CUSTOM), false, 2), LOCATION);

        assertThat(written.get("id").asText()).isEqualTo("u1");
        assertThat(written.get("externalId").asText()).isEqualTo("ext-1");
        assertThat(written.get("userName").asText()).isEqualTo("alice@contoso.com");
        assertThat(written.get("displayName").asText()).isEqualTo("Alice Doe");
        assertThat(written.get("name").get("givenName").asText()).isEqualTo("Alice");
        assertThat(written.get("name").get("familyName").asText()).isEqualTo("Doe");
        assertThat(written.get("active").isBoolean()).isTrue();
        assertThat(written.get("active").booleanValue()).isFalse();
        JsonNode email = written.get("emails").get(0);
        assertThat(email.get("value").asText()).isEqualTo("alice@contoso.com");
        assertThat(email.get("type").asText()).isEqualTo("work");
        assertThat(email.get("primary").booleanValue()).isTrue();
        JsonNode enterprise = written.get(ScimSchemas.ENTERPRISE_USER);
        assertThat(enterprise.get("employeeNumber").asText()).isEqualTo("701984");
        assertThat(enterprise.get("department").asText()).isEqualTo("Sales");
        assertThat(enterprise.get("manager").get("value").asText()).isEqualTo("m-1");
        assertThat(written.get(ScimSchemas.CUSTOM_USER).get("team").asText()).isEqualTo("blue");
    }

    @Test
    void absentAttributesAreLeftOutRatherThanWrittenAsNull() {
        UserProfile sparse = new UserProfile(
                "a@x.io",
                null,
                new PersonName("A", null, null),
                null,
                List.of(new EmailAddress("a@x.io", null, false)),
                new EnterpriseAttributes(null, null, null, null, "Sales", null),
                Map.of());

        ObjectNode written = mapper.write(state(sparse, true, 1), LOCATION);

        assertThat(nullsIn(written)).isEmpty();
        assertThat(written.has("externalId")).isFalse();
        assertThat(written.has("displayName")).isFalse();
        assertThat(written.get("name").has("familyName")).isFalse();
        assertThat(written.get("emails").get(0).has("type")).isFalse();
        assertThat(written.get(ScimSchemas.ENTERPRISE_USER).has("manager")).isFalse();
    }

    @Test
    void whatIsWrittenReadsBackToTheSameProfile() {
        UserProfile profile = profile(ENTERPRISE, Map.of("team", "blue", "level", 3, "tags", List.of("a", "b")));

        ObjectNode written = mapper.write(state(profile, false, 4), LOCATION);
        ScimUserInput reread = mapper.read(written);

        assertThat(reread.profile()).isEqualTo(profile);
        assertThat(reread.active()).isFalse();
    }

    private static UserProfile profile(EnterpriseAttributes enterprise, Map<String, Object> custom) {
        return new UserProfile(
                "alice@contoso.com",
                "ext-1",
                new PersonName("Alice", "Doe", null),
                "Alice Doe",
                List.of(new EmailAddress("alice@contoso.com", "work", true)),
                enterprise,
                custom);
    }

    private static UserState state(UserProfile profile, boolean active, long version) {
        return new UserState("u1", "c1", profile, active, version, CREATED, MODIFIED);
    }

    private static List<String> texts(JsonNode array) {
        List<String> result = new ArrayList<>();
        array.forEach(node -> result.add(node.asText()));
        return result;
    }

    private static List<String> nullsIn(JsonNode node) {
        List<String> result = new ArrayList<>();
        node.fields().forEachRemaining(field -> {
            if (field.getValue().isNull()) {
                result.add(field.getKey());
            } else if (field.getValue().isContainerNode()) {
                result.addAll(nullsIn(field.getValue()));
            }
        });
        if (node.isArray()) {
            node.forEach(element -> result.addAll(element.isNull() ? List.of("[null]") : nullsIn(element)));
        }
        return result;
    }
}
