package io.dirsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.types.AttributeDefinition.Mutability;
import com.unboundid.scim2.common.types.AttributeDefinition.Type;
import io.dirsync.scim.ScimSchemas;
import io.dirsync.scim.schema.ResourceSchema;
import io.dirsync.scim.schema.SchemaCatalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * The rows of {@link ScimUserAttributesContractTests}: every attribute of the User schema and of the enterprise
 * extension, read from the one schema ({@link SchemaCatalog}), with sample values of each attribute's type. An
 * attribute added to schemas.json is covered without touching the tests.
 */
final class UserSchemaTable {
    static final String CORE = ScimSchemas.USER;
    static final String ENTERPRISE = ScimSchemas.ENTERPRISE_USER;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Required by dirsync: every body carries them, so they are never absent and never removed. */
    private static final Set<String> REQUIRED = Set.of("userName", "emails");
    /** Realistic values where the RFC names a format; variant 1 sorts before variant 2, as the generic ones do. */
    private static final Map<String, List<String>> REALISTIC = Map.of(
            "preferredLanguage", List.of("de-CH", "en-US"),
            "locale", List.of("de-CH", "en-US"),
            "timezone", List.of("America/Los_Angeles", "Europe/Zurich"),
            "userType", List.of("Contractor", "Employee"));

    private UserSchemaTable() {}

    /** One attribute of the core schema ({@code urn} null) or of a closed extension. */
    record Attribute(String urn, AttributeDefinition definition) {
        String name() {
            return definition.getName();
        }

        /** The attribute's path as PATCH and filters name it. */
        String path() {
            return urn == null ? name() : urn + ":" + name();
        }

        boolean complex() {
            return definition.getType() == Type.COMPLEX;
        }

        boolean multiValued() {
            return definition.isMultiValued();
        }

        boolean required() {
            return urn == null && REQUIRED.contains(name());
        }

        boolean isActive() {
            return urn == null && name().equals("active");
        }

        /** The sub-attributes a client may write, in schema order. */
        /** Writable sub-attributes, less {@code $ref}: dirsync answers with its own URI for the value, whatever was sent. */
        List<AttributeDefinition> writableSubAttributes() {
            return definition.getSubAttributes() == null
                    ? List.of()
                    : definition.getSubAttributes().stream()
                            .filter(UserSchemaTable::writable)
                            .filter(sub -> !sub.getName().equals("$ref"))
                            .toList();
        }

        /** The sub-attributes whose values say which value it is: all but type and primary. */
        List<AttributeDefinition> valueSubAttributes() {
            return writableSubAttributes().stream()
                    .filter(sub ->
                            !sub.getName().equals("type") && !sub.getName().equals("primary"))
                    .toList();
        }

        /** The sub-attribute a value filter compares with: value, or the first that identifies a value (addresses). */
        String key() {
            return valueSubAttributes().stream()
                    .map(AttributeDefinition::getName)
                    .filter("value"::equals)
                    .findFirst()
                    .orElse(valueSubAttributes().get(0).getName());
        }

        boolean hasSub(String name) {
            return writableSubAttributes().stream()
                    .anyMatch(sub -> sub.getName().equals(name));
        }

        /** The attribute's value in a resource, or null. */
        JsonNode in(JsonNode resource) {
            JsonNode owner = urn == null ? resource : resource.get(urn);
            JsonNode value = owner == null ? null : owner.get(name());
            return value == null || value.isNull() ? null : value;
        }

        /** Sets the attribute in a POST or PUT body, under its extension's URN where it has one. */
        void putInto(ObjectNode body, JsonNode value) {
            if (urn == null) {
                body.set(name(), value);
                return;
            }
            JsonNode extension = body.get(urn);
            (extension instanceof ObjectNode object ? object : body.putObject(urn)).set(name(), value);
            ArrayNode schemas = (ArrayNode) body.get("schemas");
            if (!schemas.toString().contains("\"" + urn + "\"")) {
                schemas.add(urn);
            }
        }

        @Override
        public String toString() {
            return path();
        }
    }

    static Stream<Attribute> all() {
        ResourceSchema users = SchemaCatalog.get().users();
        List<Attribute> rows = new ArrayList<>();
        users.coreAttributes().forEach(definition -> rows.add(new Attribute(null, definition)));
        Collection<AttributeDefinition> enterprise =
                users.closedExtension(ENTERPRISE).orElseThrow().getAttributes();
        enterprise.forEach(definition -> rows.add(new Attribute(ENTERPRISE, definition)));
        return rows.stream();
    }

    static Stream<Attribute> writable() {
        return all().filter(attribute -> writable(attribute.definition()));
    }

    static Stream<Attribute> writeOnly() {
        return all().filter(attribute -> attribute.definition().getMutability() == Mutability.WRITE_ONLY);
    }

    static Stream<Attribute> readOnly() {
        return all().filter(attribute -> attribute.definition().getMutability() == Mutability.READ_ONLY);
    }

    static Stream<Attribute> singleValuedComplex() {
        return writable().filter(attribute -> attribute.complex() && !attribute.multiValued());
    }

    static Stream<Attribute> multiValuedComplex() {
        return writable().filter(attribute -> attribute.complex() && attribute.multiValued());
    }

    private static boolean writable(AttributeDefinition definition) {
        return definition.getMutability() == Mutability.READ_WRITE
                || definition.getMutability() == Mutability.IMMUTABLE;
    }

    /** The smallest valid User body: the schemas, a userName and its email. */
    static ObjectNode base(String userName) {
        ObjectNode body = JSON.objectNode();
        body.putArray("schemas").add(CORE);
        body.put("userName", userName);
        body.putArray("emails")
                .addObject()
                .put("value", userName)
                .put("type", "work")
                .put("primary", true);
        return body;
    }

    /**
     * Sample values: variant 1 and variant 2 of an attribute differ in every sub-attribute and variant 1 sorts first;
     * the values of a multi-valued attribute are slots 0 (type "work" or the first canonical type, primary) and 1.
     */
    static final class Samples {
        private final IntFunction<String> managers;

        /** @param managers the id of an existing user for each variant, which a manager.value must be */
        Samples(IntFunction<String> managers) {
            this.managers = managers;
        }

        /** The attribute's whole value: a simple value, an object, or the two values of a multi-valued attribute. */
        JsonNode value(Attribute attribute, int variant) {
            if (!attribute.complex()) {
                return simple(attribute, attribute.definition(), attribute.name(), variant, "");
            }
            if (!attribute.multiValued()) {
                return object(attribute, variant);
            }
            ArrayNode values = JSON.arrayNode();
            values.add(element(attribute, variant, 0));
            values.add(element(attribute, variant, 1));
            return values;
        }

        /** A single-valued complex attribute with every writable sub-attribute. */
        ObjectNode object(Attribute attribute, int variant) {
            ObjectNode object = JSON.objectNode();
            attribute
                    .writableSubAttributes()
                    .forEach(sub -> object.set(
                            sub.getName(),
                            simple(attribute, sub, attribute.name() + "." + sub.getName(), variant, "")));
            return object;
        }

        /** One value of a multi-valued attribute; slot 0 is the primary one. */
        ObjectNode element(Attribute attribute, int variant, int slot) {
            ObjectNode element = JSON.objectNode();
            for (AttributeDefinition sub : attribute.writableSubAttributes()) {
                switch (sub.getName()) {
                    case "type" -> element.put("type", type(attribute, slot));
                    case "primary" -> element.put("primary", slot == 0);
                    default ->
                        element.set(
                                sub.getName(),
                                simple(
                                        attribute,
                                        sub,
                                        attribute.name() + "." + sub.getName(),
                                        variant,
                                        String.valueOf((char) ('a' + slot))));
                }
            }
            return element;
        }

        /** The type of a slot: "work" / "home" / "other" where the schema allows them, else its canonical values. */
        static String type(Attribute attribute, int slot) {
            AttributeDefinition type = attribute.writableSubAttributes().stream()
                    .filter(sub -> sub.getName().equals("type"))
                    .findFirst()
                    .orElseThrow();
            List<String> canonical =
                    type.getCanonicalValues() == null ? List.of() : List.copyOf(type.getCanonicalValues());
            List<String> preferred = List.of("work", "home", "other");
            if (canonical.isEmpty() || canonical.containsAll(preferred)) {
                return preferred.get(slot);
            }
            return canonical.get(slot % canonical.size());
        }

        private JsonNode simple(
                Attribute owner, AttributeDefinition definition, String name, int variant, String slot) {
            if (owner.urn() != null
                    && owner.name().equals("manager")
                    && definition.getName().equals("value")) {
                return JSON.textNode(managers.apply(variant));
            }
            String tag = variant + slot;
            return switch (definition.getType()) {
                case BOOLEAN -> JSON.booleanNode(variant == 2);
                case INTEGER -> JSON.numberNode(variant);
                case DECIMAL -> JSON.numberNode(variant + 0.5);
                case DATETIME -> JSON.textNode("2026-0" + variant + "-01T09:00:00Z");
                // base64 whose variants differ in a digit: ordered alike by every collation
                case BINARY -> JSON.textNode("MIICZXJ0" + variant + (slot.isEmpty() ? "x" : slot) + "AA");
                case REFERENCE -> JSON.textNode("https://example.com/" + name + "/" + tag);
                case STRING -> JSON.textNode(text(owner, definition, name, variant, tag));
                case COMPLEX ->
                    throw new IllegalStateException(name + " is complex: RFC 7643 has no complex sub-attributes");
            };
        }

        private static String text(
                Attribute owner, AttributeDefinition definition, String name, int variant, String tag) {
            if (definition.getCanonicalValues() != null
                    && !definition.getCanonicalValues().isEmpty()) {
                List<String> canonical = List.copyOf(definition.getCanonicalValues());
                return canonical.get((variant - 1) % canonical.size());
            }
            if (owner.urn() == null && REALISTIC.containsKey(name)) {
                return REALISTIC.get(name).get(variant - 1);
            }
            return switch (name) {
                case "userName" -> "user-" + tag + "@example.com";
                case "emails.value" -> "mail-" + tag + "@example.com";
                default -> name + "-" + tag;
            };
        }
    }
}
