package io.dirsync.scim.schema;

import com.unboundid.scim2.common.types.AttributeDefinition;
import io.dirsync.api.connection.UnknownAttributes;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimSchemas;
import io.dirsync.scim.ScimType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Attribute paths (PATCH targets, attribute mappings) checked against the User schema and spelt as it spells them. */
class SchemaPathTest {
    private static final ResourceSchema USERS = SchemaCatalog.get().users();
    private static final String ENTERPRISE = ScimSchemas.ENTERPRISE_USER;
    private static final String CUSTOM = ScimSchemas.CUSTOM_USER;
    private static final String ENTRA = "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User";

    /** Every attribute and sub-attribute of the schema, as written, in upper case, and URN-qualified. */
    static Stream<Arguments> everyAttributeOfTheSchema() {
        List<Arguments> cases = new ArrayList<>();
        addAll(cases, null, USERS.coreAttributes());
        addAll(
                cases,
                ENTERPRISE,
                USERS.closedExtension(ENTERPRISE).orElseThrow().getAttributes());
        return cases.stream();
    }

    private static void addAll(
            List<Arguments> cases, String urn, java.util.Collection<AttributeDefinition> attributes) {
        String prefix = urn == null ? "" : urn + ":";
        for (AttributeDefinition attribute : attributes) {
            cases.add(arguments(prefix + attribute.getName(), urn, attribute));
            if (attribute.getSubAttributes() != null) {
                for (AttributeDefinition sub : attribute.getSubAttributes()) {
                    cases.add(arguments(prefix + attribute.getName() + "." + sub.getName(), urn, sub));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyAttributeOfTheSchema")
    void everyAttributeAndSubAttributeResolvesToItsDefinitionInAnySpelling(
            String path, String urn, AttributeDefinition definition) {
        String qualified = urn == null ? ScimSchemas.USER + ":" + path : path;
        for (String spelling : List.of(
                path, path.toUpperCase(Locale.ROOT), path.toLowerCase(Locale.ROOT), qualified, " " + path + " ")) {
            SchemaPath resolved = resolve(spelling);

            assertThat(resolved.definition()).as(spelling).isSameAs(definition);
            assertThat(resolved.path().toString()).as(spelling).isEqualTo(path);
            assertThat(resolved.extensionUrn()).isEqualTo(urn);
            assertThat(resolved.wholeExtension()).isFalse();
        }
    }

    static Stream<Arguments> validPaths() {
        return Stream.of(
                arguments("emails[type eq \"work\"].value", "emails[type eq \"work\"].value", null, "value"),
                arguments("EMAILS[type eq \"work\"].VALUE", "emails[type eq \"work\"].value", null, "value"),
                arguments(
                        "emails[type eq \"work\" and primary eq true]",
                        "emails[(type eq \"work\" and primary eq true)]",
                        null,
                        "emails"),
                arguments(
                        "addresses[type eq \"work\"].locality",
                        "addresses[type eq \"work\"].locality",
                        null,
                        "locality"),
                arguments(
                        "phoneNumbers[type eq \"mobile\"].value",
                        "phoneNumbers[type eq \"mobile\"].value",
                        null,
                        "value"),
                arguments(
                        "x509Certificates[primary eq true].value",
                        "x509Certificates[primary eq true].value",
                        null,
                        "value"),
                arguments("roles[value sw \"adm\"]", "roles[value sw \"adm\"]", null, "roles"),
                arguments(
                        "urn:ietf:params:scim:schemas:core:2.0:User:emails[type eq \"home\"].display",
                        "emails[type eq \"home\"].display",
                        null,
                        "display"),
                arguments(ENTERPRISE + ":manager.value", ENTERPRISE + ":manager.value", ENTERPRISE, "value"),
                arguments(
                        "URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:COSTCENTER",
                        ENTERPRISE + ":costCenter",
                        ENTERPRISE,
                        "costCenter"),
                // open and unknown extensions: any attribute, as the IdP names it, with no definition
                arguments(CUSTOM + ":costCode", CUSTOM + ":costCode", CUSTOM, null),
                arguments(CUSTOM + ":badges[level gt 2].name", CUSTOM + ":badges[level gt 2].name", CUSTOM, null),
                arguments(
                        "URN:DIRSYNC:SCIM:SCHEMAS:EXTENSION:CUSTOM:2.0:USER:costCode",
                        CUSTOM + ":costCode",
                        CUSTOM,
                        null),
                arguments(ENTRA + ":CustomAttribute", ENTRA + ":CustomAttribute", ENTRA, null),
                arguments(
                        "urn:example:acme:2.0:User:badge.level",
                        "urn:example:acme:2.0:User:badge.level",
                        "urn:example:acme:2.0:User",
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validPaths")
    void validPathsResolveInTheSchemasSpelling(String text, String canonical, String urn, String definitionName) {
        SchemaPath resolved = resolve(text);

        assertThat(resolved.path().toString()).isEqualTo(canonical);
        assertThat(resolved.extensionUrn()).isEqualTo(urn);
        assertThat(resolved.wholeExtension()).isFalse();
        if (definitionName == null) {
            assertThat(resolved.definition()).isNull();
        } else {
            assertThat(resolved.definition().getName()).isEqualTo(definitionName);
        }
    }

    static Stream<Arguments> wholeExtensions() {
        return Stream.of(
                arguments(ENTERPRISE, ENTERPRISE),
                arguments("urn:ietf:params:scim:schemas:extension:ENTERPRISE:2.0:user", ENTERPRISE),
                arguments(CUSTOM, CUSTOM),
                arguments(" " + CUSTOM.toUpperCase(Locale.ROOT) + " ", CUSTOM),
                arguments(ENTRA, ENTRA));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wholeExtensions")
    void aPathThatIsAnExtensionUrnNamesTheWholeExtension(String text, String urn) {
        SchemaPath resolved = resolve(text);

        assertThat(resolved.wholeExtension()).isTrue();
        assertThat(resolved.extensionUrn()).isEqualTo(urn);
        assertThat(resolved.path().getSchemaUrn()).isEqualTo(urn);
        assertThat(resolved.path().size()).isZero();
        assertThat(resolved.definition()).isNull();
    }

    static Stream<Arguments> invalidPaths() {
        return Stream.of(
                arguments("favoriteColor", "favoriteColor"),
                arguments("urn:ietf:params:scim:schemas:core:2.0:User:favoriteColor", "favoriteColor"),
                arguments(ENTERPRISE + ":shoeSize", "shoeSize"),
                arguments("userName.userName", "has none"),
                arguments("active.value", "has none"),
                arguments("name.nickName", "nickName"),
                arguments("emails.label", "label"),
                arguments(ENTERPRISE + ":manager.email", "email"),
                arguments("name[givenName eq \"x\"]", "not multi-valued"),
                arguments("userName[value eq \"x\"]", "not multi-valued"),
                arguments("name.givenName[value pr]", "not multi-valued"),
                arguments("emails[type eq \"work\"].value[value pr]", "not multi-valued"),
                arguments("emails.value.x", "deeper"),
                arguments("name.givenName.first", "deeper"),
                arguments(CUSTOM + ":nested.deeper.still", "deeper"),
                arguments("emails[", "does not parse"),
                arguments("emails[type eq]", "does not parse"),
                arguments("emails]", "does not parse"),
                arguments("emails[type eq \"work\"]x", "x"),
                arguments("foo bar", "does not parse"),
                arguments("name..givenName", "does not parse"),
                arguments("[type eq \"x\"]", "[type eq \"x\"]"),
                arguments("\u0000", "names no attribute"),
                // the core schema is not an extension, and no attribute either
                arguments(ScimSchemas.USER, "core schema"),
                arguments("URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER", "core schema"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalidPaths")
    void aPathTheSchemaDoesNotAllowIsInvalidPath(String text, String detailMentions) {
        ScimException e = catchThrowableOfType(() -> resolve(text), ScimException.class);

        assertThat(e).as("expected a ScimException").isNotNull();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.scimType()).isEqualTo(ScimType.invalidPath);
        assertThat(e.getMessage()).contains("Path '" + text + "'").contains(detailMentions);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "\t"})
    void aPathIsRequired(String text) {
        ScimException e = catchThrowableOfType(() -> resolve(text), ScimException.class);

        assertThat(e.scimType()).isEqualTo(ScimType.invalidPath);
        assertThat(e.getMessage()).contains("names no attribute");
    }

    /** A connection that keeps undefined attributes may also patch and map them; the schema's rules still hold. */
    @Test
    void undefinedAttributesResolveWithoutADefinitionWhenTheConnectionKeepsThem() {
        SchemaPath core = SchemaPath.resolve(USERS, "favoriteColor", UnknownAttributes.KEEP);
        SchemaPath sub = SchemaPath.resolve(USERS, "NAME.nickName", UnknownAttributes.KEEP);
        SchemaPath enterprise = SchemaPath.resolve(USERS, ENTERPRISE + ":employeeId", UnknownAttributes.KEEP);

        assertThat(core.path().toString()).isEqualTo("favoriteColor");
        assertThat(core.definition()).isNull();
        assertThat(sub.path().toString())
                .as("the defined part takes the schema's spelling")
                .isEqualTo("name.nickName");
        assertThat(sub.definition()).isNull();
        assertThat(enterprise.path().toString()).isEqualTo(ENTERPRISE + ":employeeId");
        assertThat(enterprise.extensionUrn()).isEqualTo(ENTERPRISE);
        for (String stillInvalid :
                List.of("userName.userName", "name[givenName eq \"x\"]", "emails.value.x", "emails[")) {
            assertThat(catchThrowableOfType(
                            () -> SchemaPath.resolve(USERS, stillInvalid, UnknownAttributes.KEEP), ScimException.class))
                    .as(stillInvalid)
                    .isNotNull()
                    .extracting(ScimException::scimType)
                    .isEqualTo(ScimType.invalidPath);
        }
    }

    private static SchemaPath resolve(String text) {
        return SchemaPath.resolve(USERS, text, UnknownAttributes.REJECT);
    }
}
