package io.dirsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static io.dirsync.app.ScimJsonAssertions.holds;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Entra ID and Okta send with the default attribute mappings of a fresh app (idp-quirks.md 2.9), and how the
 * attribute contract checks that a GET gives all of it back.
 */
final class IdpDefaultMappings {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final String ENTERPRISE = UserSchemaTable.ENTERPRISE + ":";
    static final String WORK_EMAIL = "emails[type eq \"work\"].value";
    static final String WORK_ADDRESS = "addresses[type eq \"work\"]";

    private IdpDefaultMappings() {}

    static String phone(String type) {
        return "phoneNumbers[type eq \"" + type + "\"].value";
    }

    /** A user as Okta's SCIM 2.0 template sends it: every attribute of its default mapping (idp-quirks 2.9). */
    static ObjectNode oktaUser(int variant, String userName, String manager) {
        String v = String.valueOf(variant);
        ObjectNode user = JSON.objectNode();
        user.putArray("schemas").add(UserSchemaTable.CORE).add(UserSchemaTable.ENTERPRISE);
        user.put("userName", userName);
        user.putObject("name")
                .put("givenName", "Ada" + v)
                .put("familyName", "Lovelace" + v)
                .put("middleName", "Augusta" + v)
                .put("honorificPrefix", "Countess" + v)
                .put("honorificSuffix", "FRS" + v);
        user.put("displayName", "Ada Lovelace " + v)
                .put("nickName", "Ada " + v)
                .put("profileUrl", "https://okta.example/profiles/" + v)
                .put("title", "Analyst " + v)
                .put("userType", variant == 1 ? "Employee" : "Contractor")
                .put("preferredLanguage", variant == 1 ? "en-GB" : "fr-FR")
                .put("locale", variant == 1 ? "en-GB" : "fr-FR")
                .put("timezone", variant == 1 ? "Europe/London" : "Europe/Paris");
        ArrayNode emails = user.putArray("emails");
        emails.addObject().put("primary", true).put("value", userName).put("type", "work");
        emails.addObject()
                .put("primary", false)
                .put("value", "ada" + v + "@home.example")
                .put("type", "home");
        ArrayNode phones = user.putArray("phoneNumbers");
        phones.addObject()
                .put("primary", true)
                .put("value", "+44 20 7946 000" + v)
                .put("type", "work");
        phones.addObject().put("value", "+44 7700 90000" + v).put("type", "mobile");
        user.putArray("addresses")
                .addObject()
                .put("type", "work")
                .put("primary", true)
                .put("streetAddress", v + " St James's Square")
                .put("locality", "London " + v)
                .put("region", "Greater London " + v)
                .put("postalCode", "SW1Y " + v + "LB")
                .put("country", variant == 1 ? "GB" : "IE");
        user.put("password", "placeholder-Okta-" + v + "!").put("active", true);
        user.putArray("groups");
        ObjectNode enterprise = user.putObject(UserSchemaTable.ENTERPRISE);
        enterprise
                .put("employeeNumber", "1815-" + v)
                .put("costCenter", "CC-" + v)
                .put("organization", "Analytical Engines " + v)
                .put("division", "R&D " + v)
                .put("department", "Mathematics " + v);
        enterprise.putObject("manager").put("value", manager).put("displayName", "Manager " + v);
        return user;
    }

    /**
     * Every attribute Okta sent comes back with the value sent, except what RFC 7643 makes the server's: password
     * (write-only), groups (read-only) and manager.displayName (read-only; $ref is dirsync's).
     */
    static void assertOktaRoundTrip(JsonNode user, ObjectNode sent, String manager, String step) {
        ObjectNode expected = sent.deepCopy();
        expected.remove(List.of("schemas", "password", "groups"));
        ((ObjectNode) expected.get(UserSchemaTable.ENTERPRISE).get("manager")).remove("displayName");
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            assertThat(holds(user.get(field.getKey()), field.getValue()))
                    .as(step + ": " + field.getKey() + " should be " + field.getValue() + " but is "
                            + user.get(field.getKey()))
                    .isTrue();
        }
        assertThat(user.has("password")).as(step + ": no password").isFalse();
        assertThat(user.at("/" + UserSchemaTable.ENTERPRISE + "/manager/$ref").asText())
                .endsWith("/Users/" + manager);
        assertThat(user.get("schemas").toString()).contains(UserSchemaTable.ENTERPRISE);
    }

    /** Every path has the value last sent to it, read as an IdP reads it (UnboundID's path evaluation). */
    static void assertRoundTrip(JsonNode user, Map<String, Object> expected, String step) {
        expected.forEach((path, value) -> assertThat(ScimJsonAssertions.valueAt(user, path))
                .as(step + ": " + path + " in " + user)
                .isEqualTo(AdminApi.json(value)));
    }
}
