package io.dirsync.scim.user;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.scim.JsonAttributes;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimType;
import io.dirsync.scim.group.ScimGroupMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What a body must be before it is read at all: its schemas, and strings the stores can hold. */
class ScimUserMapperLimitsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMAS = "\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],";
    private final ScimUserMapper users = new ScimUserMapper(JSON);

    @ParameterizedTest
    @ValueSource(
            strings = {
                "[\"urn:example:unknown\"]",
                "[\"urn:ietf:params:scim:schemas:core:2.0:Group\"]",
                "\"urn:ietf:params:scim:schemas:core:2.0:User\"",
                "[42]",
                "{}"
            })
    void aUserBodyWhoseSchemasLackTheUserSchemaIsInvalidSyntax(String schemas) {
        ScimException e = rejected(() -> users.read(
                json("{\"schemas\":" + schemas + ",\"userName\":\"a\",\"emails\":[{\"value\":\"a@b.c\"}]}")));

        assertThat(e.scimType()).isEqualTo(ScimType.invalidSyntax);
        assertThat(e.getMessage()).contains("schemas");
    }

    /** RFC 7643 section 3: {@code schemas} is REQUIRED; a body that does not say what it is is not half-read. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"userName\":\"a\",\"emails\":[{\"value\":\"a@b.c\"}]}",
                "{\"schemas\":null,\"userName\":\"a\",\"emails\":[{\"value\":\"a@b.c\"}]}",
                "{\"schemas\":[],\"userName\":\"a\",\"emails\":[{\"value\":\"a@b.c\"}]}"
            })
    void aUserBodyWithoutSchemasIsInvalidSyntax(String body) {
        ScimException e = rejected(() -> users.read(json(body)));

        assertThat(e.scimType()).isEqualTo(ScimType.invalidSyntax);
        assertThat(e.getMessage()).contains("schemas").contains("urn:ietf:params:scim:schemas:core:2.0:User");
    }

    @Test
    void extraSchemasBesideTheCoreOneAreAccepted() {
        assertThat(users.read(json("{\"schemas\":[\"URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER\",\"urn:example:x\"],"
                                + "\"userName\":\"a\",\"emails\":[{\"value\":\"a@b.c\"}]}"))
                        .profile()
                        .userName())
                .isEqualTo("a");
        assertThat(new ScimGroupMapper()
                        .read(
                                json(
                                        "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\","
                                                + "\"http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group\"],\"displayName\":\"Eng\"}"))
                        .displayName())
                .isEqualTo("Eng");
    }

    @Test
    void stringsOverTheLimitAreInvalidValueCountedInUtf8Bytes() {
        String atLimit = "a".repeat(JsonAttributes.MAX_STRING_BYTES);
        assertThat(users.read(json(
                                "{" + SCHEMAS + "\"userName\":\"" + atLimit + "\",\"emails\":[{\"value\":\"a@b.c\"}]}"))
                        .profile()
                        .userName())
                .hasSize(JsonAttributes.MAX_STRING_BYTES);

        String multibyte = "\u00e9".repeat(JsonAttributes.MAX_STRING_BYTES / 2 + 1);
        ScimException e = rejected(() -> users.read(
                json("{" + SCHEMAS + "\"userName\":\"" + multibyte + "\",\"emails\":[{\"value\":\"a@b.c\"}]}")));
        assertThat(e.scimType()).isEqualTo(ScimType.invalidValue);
        assertThat(e.getMessage()).contains("userName");

        ScimException type = rejected(() -> users.read(json("{" + SCHEMAS
                + "\"userName\":\"a\",\"emails\":[{\"value\":\"a@b.c\",\"type\":\"" + "w".repeat(300) + "\"}]}")));
        assertThat(type.getMessage()).contains("emails.type");
    }

    private static ScimException rejected(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        ScimException e = catchThrowableOfType(call, ScimException.class);
        assertThat(e).as("a ScimException").isNotNull();
        assertThat(e.status()).isEqualTo(400);
        return e;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
