package io.dirsync.scim.user;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.api.scim.PatchOperation;
import io.dirsync.api.user.EmailAddress;
import io.dirsync.api.user.EnterpriseAttributes;
import io.dirsync.api.user.PersonName;
import io.dirsync.api.user.UserProfile;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimType;
import io.dirsync.scim.patch.PatchApplier;
import io.dirsync.scim.patch.PatchDialectNormalizer;
import io.dirsync.scim.patch.PatchRequests;
import io.dirsync.scim.schema.SchemaCatalog;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every user PATCH form of shared/idp-quirks.md (1.4 update, 1.5 disable/re-enable, 2.5 Okta deactivate), sent as
 * JSON the way the IdP sends it, applied to a user's current attributes.
 */
class UserPatchEngineTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final EmailAddress WORK = new EmailAddress("alice@contoso.com", "work", true);
    private static final EmailAddress HOME = new EmailAddress("alice@home.example", "home", false);
    private static final UserProfile ALICE = new UserProfile(
            "alice@contoso.com",
            "ext-1",
            new PersonName("Alice", "Doe", "Alice Doe"),
            "Alice Doe",
            List.of(WORK),
            null,
            Map.of());

    private final UserPatchEngine engine = new UserPatchEngine(
            new ScimUserMapper(JSON),
            new PatchApplier(
                    JSON, new PatchDialectNormalizer(), SchemaCatalog.get().users()));
    private final PatchRequests requests =
            new PatchRequests(JSON, SchemaCatalog.get().users());

    static Stream<Arguments> identityProviderPatches() {
        return Stream.of(
                // --- 1.4 Entra ID updates
                arguments(
                        "Entra multi-valued update: work email value and family name",
                        ALICE,
                        true,
                        """
                        [{"op":"Replace","path":"emails[type eq \\"work\\"].value","value":"new@contoso.com"},
                         {"op":"Replace","path":"name.familyName","value":"Doe-Smith"}]""",
                        profile(ALICE)
                                .emails(new EmailAddress("new@contoso.com", "work", true))
                                .name(new PersonName("Alice", "Doe-Smith", "Alice Doe"))
                                .build(),
                        true),
                arguments(
                        "Entra single-valued update of userName",
                        ALICE,
                        true,
                        """
                        [{"op":"Replace","path":"userName","value":"alice.doe@contoso.com"}]""",
                        profile(ALICE).userName("alice.doe@contoso.com").build(),
                        true),
                arguments(
                        "Entra Add on an existing work email value replaces it",
                        ALICE,
                        true,
                        """
                        [{"op":"Add","path":"emails[type eq \\"work\\"].value","value":"new@contoso.com"}]""",
                        profile(ALICE)
                                .emails(new EmailAddress("new@contoso.com", "work", true))
                                .build(),
                        true),
                arguments(
                        "Entra Add on the work email value creates the work email when there is none",
                        profile(ALICE)
                                .emails(new EmailAddress("alice@home.example", "home", true))
                                .build(),
                        true,
                        """
                        [{"op":"Add","path":"emails[type eq \\"work\\"].value","value":"new@contoso.com"}]""",
                        profile(ALICE)
                                .emails(
                                        new EmailAddress("alice@home.example", "home", true),
                                        new EmailAddress("new@contoso.com", "work", false))
                                .build(),
                        true),
                arguments(
                        "Entra plain string for a simple attribute",
                        ALICE,
                        true,
                        """
                        [{"op":"Replace","path":"displayName","value":"User X"}]""",
                        profile(ALICE).displayName("User X").build(),
                        true),
                arguments(
                        "Entra enterprise employeeNumber by full URN path",
                        ALICE,
                        true,
                        """
                        [{"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber","value":"701984"}]""",
                        profile(ALICE)
                                .enterprise(new EnterpriseAttributes("701984", null, null, null, null, null))
                                .build(),
                        true),
                arguments(
                        "Entra enterprise department with op Add",
                        ALICE,
                        true,
                        """
                        [{"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"Sales"}]""",
                        profile(ALICE)
                                .enterprise(new EnterpriseAttributes(null, null, null, null, "Sales", null))
                                .build(),
                        true),
                arguments(
                        "Entra enterprise department replaced, other enterprise attributes kept",
                        profile(ALICE)
                                .enterprise(new EnterpriseAttributes("701984", null, null, null, "Sales", "m-0"))
                                .build(),
                        true,
                        """
                        [{"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"Marketing"}]""",
                        profile(ALICE)
                                .enterprise(new EnterpriseAttributes("701984", null, null, null, "Marketing", "m-0"))
                                .build(),
                        true),
                arguments(
                        "Entra path-less replace with dotted and URN keys (aadOptscim062020)",
                        ALICE,
                        true,
                        """
                        [{"op":"replace","value":{"displayName":"Alicia Doe","name.givenName":"Alicia","name.familyName":"Doe-Smith",
                          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"701984"}}]""",
                        profile(ALICE)
                                .displayName("Alicia Doe")
                                .name(new PersonName("Alicia", "Doe-Smith", "Alice Doe"))
                                .enterprise(new EnterpriseAttributes("701984", null, null, null, null, null))
                                .build(),
                        true),
                arguments(
                        "Entra path-less Replace, capitalised, dotted keys only",
                        ALICE,
                        true,
                        """
                        [{"op":"Replace","value":{"name.givenName":"Alicia"}}]""",
                        profile(ALICE)
                                .name(new PersonName("Alicia", "Doe", "Alice Doe"))
                                .build(),
                        true),
                arguments(
                        "Entra path-less replace of the enterprise object keeps unnamed sub-attributes",
                        profile(ALICE)
                                .enterprise(new EnterpriseAttributes("701984", null, null, null, null, null))
                                .build(),
                        true,
                        """
                        [{"op":"replace","value":{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Sales"}}}]""",
                        profile(ALICE)
                                .enterprise(new EnterpriseAttributes("701984", null, null, null, "Sales", null))
                                .build(),
                        true),
                arguments(
                        "Entra manager, documented shape: path manager with [{$ref, value}]",
                        ALICE,
                        true,
                        """
                        [{"op":"Add","path":"manager","value":[{"$ref":"https://h/scim/v2/c1/Users/m-1","value":"m-1"}]}]""",
                        profile(ALICE)
                                .enterprise(new EnterpriseAttributes(null, null, null, null, null, "m-1"))
                                .build(),
                        true),
                arguments(
                        "Entra manager, observed shape: enterprise URN path with a plain string",
                        ALICE,
                        true,
                        """
                        [{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"m-1"}]""",
                        profile(ALICE)
                                .enterprise(new EnterpriseAttributes(null, null, null, null, null, "m-1"))
                                .build(),
                        true),
                arguments(
                        "Entra manager as a plain string replaces an existing manager",
                        profile(ALICE)
                                .enterprise(new EnterpriseAttributes("701984", null, null, null, null, "m-0"))
                                .build(),
                        true,
                        """
                        [{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"m-1"}]""",
                        profile(ALICE)
                                .enterprise(new EnterpriseAttributes("701984", null, null, null, null, "m-1"))
                                .build(),
                        true),
                arguments(
                        "Entra manager removed by the unqualified path",
                        profile(ALICE)
                                .enterprise(new EnterpriseAttributes("701984", null, null, null, null, "m-0"))
                                .build(),
                        true,
                        """
                        [{"op":"Remove","path":"manager"}]""",
                        profile(ALICE)
                                .enterprise(new EnterpriseAttributes("701984", null, null, null, null, null))
                                .build(),
                        true),
                arguments(
                        "manager removed",
                        profile(ALICE)
                                .enterprise(new EnterpriseAttributes("701984", null, null, null, null, "m-0"))
                                .build(),
                        true,
                        """
                        [{"op":"Remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"}]""",
                        profile(ALICE)
                                .enterprise(new EnterpriseAttributes("701984", null, null, null, null, null))
                                .build(),
                        true),
                arguments(
                        "Entra roles with JSON serialised in a string: kept as that string",
                        ALICE,
                        true,
                        """
                        [{"op":"Add","path":"roles","value":[{"value":"{\\"id\\":\\"7\\",\\"value\\":\\"Admin\\",\\"displayName\\":\\"Admin\\"}"}]}]""",
                        profile(ALICE)
                                .set(
                                        "roles",
                                        List.of(Map.of(
                                                "value",
                                                "{\"id\":\"7\",\"value\":\"Admin\",\"displayName\":\"Admin\"}")))
                                .build(),
                        true),
                arguments(
                        "remove one of two emails by filter",
                        profile(ALICE).emails(WORK, HOME).build(),
                        true,
                        """
                        [{"op":"Remove","path":"emails[type eq \\"home\\"]"}]""",
                        ALICE,
                        true),
                arguments(
                        "custom extension attribute by URN path",
                        ALICE,
                        true,
                        """
                        [{"op":"add","path":"urn:dirsync:scim:schemas:extension:custom:2.0:User:costCodes","value":[1,2]}]""",
                        profile(ALICE)
                                .custom(Map.of("costCodes", List.of(1, 2)))
                                .build(),
                        true),
                arguments(
                        "a PATCH that does not touch active keeps an inactive user inactive",
                        ALICE,
                        false,
                        """
                        [{"op":"Replace","path":"displayName","value":"User X"}]""",
                        profile(ALICE).displayName("User X").build(),
                        false),
                // --- 1.5 Entra ID disable / re-enable
                arguments("Entra disable, default: the string \"False\"", ALICE, true, """
                        [{"op":"Replace","path":"active","value":"False"}]""", ALICE, false),
                arguments("Entra disable with the flag: boolean false", ALICE, true, """
                        [{"op":"replace","path":"active","value":false}]""", ALICE, false),
                arguments("Entra re-enable: the string \"True\"", ALICE, false, """
                        [{"op":"Replace","path":"active","value":"True"}]""", ALICE, true),
                arguments("Entra re-enable with the flag: boolean true", ALICE, false, """
                        [{"op":"replace","path":"active","value":true}]""", ALICE, true),
                // --- 2.5 Okta
                arguments("Okta deactivate: path-less replace of active", ALICE, true, """
                        [{"op":"replace","value":{"active":false}}]""", ALICE, false),
                arguments("Okta reactivate: path-less replace of active", ALICE, false, """
                        [{"op":"replace","value":{"active":true}}]""", ALICE, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("identityProviderPatches")
    void appliesWhatIdentityProvidersSend(
            String name,
            UserProfile current,
            boolean active,
            String operations,
            UserProfile expectedProfile,
            boolean expectedActive) {
        ScimUserInput patched = engine.apply(current, active, operations(operations));

        assertThat(patched.profile()).isEqualTo(expectedProfile);
        assertThat(patched.active()).isEqualTo(expectedActive);
    }

    static Stream<Arguments> rejectedPatches() {
        return Stream.of(
                arguments("removing all emails", """
                        [{"op":"remove","path":"emails"}]""", ScimType.invalidValue, "emails"),
                arguments("removing the only email by filter", """
                        [{"op":"Remove","path":"emails[type eq \\"work\\"]"}]""", ScimType.invalidValue, "emails"),
                arguments("replacing emails with an empty list", """
                        [{"op":"replace","path":"emails","value":[]}]""", ScimType.invalidValue, "emails"),
                arguments("removing userName", """
                        [{"op":"remove","path":"userName"}]""", ScimType.invalidValue, "userName"),
                arguments("a number as userName", """
                        [{"op":"replace","path":"userName","value":42}]""", ScimType.invalidValue, "userName"),
                arguments("active neither boolean nor \"True\"/\"False\"", """
                        [{"op":"Replace","path":"active","value":"Maybe"}]""", ScimType.invalidValue, "active"),
                arguments("an unknown op", """
                        [{"op":"Merge","path":"displayName","value":"x"}]""", ScimType.invalidSyntax, "Merge"),
                arguments("a path that does not parse", """
                        [{"op":"replace","path":"name..givenName","value":"x"}]""", ScimType.invalidPath, "name..givenName"),
                arguments(
                        "replace through a filter other than equality that matches no value",
                        """
                        [{"op":"Replace","path":"emails[type co \\"hom\\"].value","value":"x@home.example"}]""",
                        ScimType.noTarget,
                        "Operations[0]"),
                arguments("a valid op after an invalid one does not rescue it", """
                        [{"op":"replace","path":"displayName","value":"ok"},{"op":"remove","path":"emails"}]""", ScimType.invalidValue, "emails"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedPatches")
    void rejectsWithA400AndTheScimType(String name, String operations, ScimType scimType, String detailMentions) {
        ScimException e =
                catchThrowableOfType(() -> engine.apply(ALICE, true, operations(operations)), ScimException.class);

        assertThat(e).as("expected a ScimException").isNotNull();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.scimType()).isEqualTo(scimType);
        assertThat(e.getMessage()).contains(detailMentions);
    }

    private List<PatchOperation> operations(String operations) {
        try {
            return requests.read(JSON.readTree("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                    + "\"Operations\":" + operations + "}"));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(operations, e);
        }
    }

    private static ProfileBuilder profile(UserProfile from) {
        return new ProfileBuilder(from);
    }

    /** Test data only: a copy of a profile with some attributes changed. */
    private static final class ProfileBuilder {
        private String userName;
        private final String externalId;
        private PersonName name;
        private String displayName;
        private List<EmailAddress> emails;
        private EnterpriseAttributes enterprise;
        private Map<String, Object> custom;
        private final Map<String, Object> others = new java.util.LinkedHashMap<>();

        ProfileBuilder(UserProfile from) {
            userName = from.userName();
            externalId = from.externalId();
            name = from.name();
            displayName = from.displayName();
            emails = from.emails();
            enterprise = from.enterprise();
            custom = from.customAttributes();
        }

        ProfileBuilder userName(String value) {
            userName = value;
            return this;
        }

        ProfileBuilder name(PersonName value) {
            name = value;
            return this;
        }

        ProfileBuilder displayName(String value) {
            displayName = value;
            return this;
        }

        ProfileBuilder emails(EmailAddress... values) {
            emails = List.of(values);
            return this;
        }

        ProfileBuilder enterprise(EnterpriseAttributes value) {
            enterprise = value;
            return this;
        }

        ProfileBuilder custom(Map<String, Object> value) {
            custom = value;
            return this;
        }

        /** Any other attribute of the document, as the JSON value it holds. */
        ProfileBuilder set(String attribute, Object value) {
            others.put(attribute, value);
            return this;
        }

        UserProfile build() {
            UserProfile typed = new UserProfile(userName, externalId, name, displayName, emails, enterprise, custom);
            if (others.isEmpty()) {
                return typed;
            }
            Map<String, Object> document = new java.util.LinkedHashMap<>(typed.attributes());
            document.putAll(others);
            return new UserProfile(document);
        }
    }
}
