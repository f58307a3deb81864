package io.dirsync.scim.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AttributeSelectionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
             "id":"u-1","externalId":"ext-1","userName":"ada",
             "name":{"givenName":"Ada","familyName":"Lovelace"},
             "emails":[{"value":"ada@example.com","type":"work","primary":true},{"value":"ada@home.org","type":"home","primary":false}],
             "active":true,
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"R&D","manager":{"value":"boss"}},
             "meta":{"resourceType":"User","created":"2024-01-01T00:00:00Z","location":"https://x/Users/u-1","version":"W/\\"3\\""}}
            """;

    /**
     * attributes | excludedAttributes | the answer (always-returned id, schemas and meta.resourceType included).
     * Rows are JSON with single quotes for readability.
     */
    @ParameterizedTest(name = "attributes={0} excludedAttributes={1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            userName |  | {'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],'id':'u-1','userName':'ada','meta':{'resourceType':'User'}}
            USERNAME,externalId |  | {'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],'id':'u-1','externalId':'ext-1','userName':'ada','meta':{'resourceType':'User'}}
            name.givenName |  | {'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],'id':'u-1','name':{'givenName':'Ada'},'meta':{'resourceType':'User'}}
            emails.value |  | {'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],'id':'u-1','emails':[{'value':'ada@example.com'},{'value':'ada@home.org'}],'meta':{'resourceType':'User'}}
            urn:ietf:params:scim:schemas:core:2.0:User:userName |  | {'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],'id':'u-1','userName':'ada','meta':{'resourceType':'User'}}
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department |  | {'schemas':['urn:ietf:params:scim:schemas:core:2.0:User','urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],'id':'u-1','urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'department':'R&D'},'meta':{'resourceType':'User'}}
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value |  | {'schemas':['urn:ietf:params:scim:schemas:core:2.0:User','urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],'id':'u-1','urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'manager':{'value':'boss'}},'meta':{'resourceType':'User'}}
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:user |  | {'schemas':['urn:ietf:params:scim:schemas:core:2.0:User','urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],'id':'u-1','urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'department':'R&D','manager':{'value':'boss'}},'meta':{'resourceType':'User'}}
            meta.created, nickName |  | {'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],'id':'u-1','meta':{'resourceType':'User','created':'2024-01-01T00:00:00Z'}}
            name,name.givenName |  | {'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],'id':'u-1','name':{'givenName':'Ada','familyName':'Lovelace'},'meta':{'resourceType':'User'}}
             | emails,name,active,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User,meta,id,schemas | {'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],'id':'u-1','externalId':'ext-1','userName':'ada','meta':{'resourceType':'User'}}
             | emails.type,emails.primary,name.givenName,name.familyName,externalId,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager,active,meta.location,meta.version,meta.created | {'schemas':['urn:ietf:params:scim:schemas:core:2.0:User','urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],'id':'u-1','userName':'ada','emails':[{'value':'ada@example.com'},{'value':'ada@home.org'}],'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'department':'R&D'},'meta':{'resourceType':'User'}}
            userName,emails | emails | {'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],'id':'u-1','userName':'ada','meta':{'resourceType':'User'}}
            """)
    void selectsWhatWasAskedPlusWhatIsAlwaysReturned(String attributes, String excluded, String expected) {
        ObjectNode user = user();

        JsonNode view = AttributeSelection.of(attributes, excluded).apply(user);

        assertThat(view).isEqualTo(json(expected.replace('\'', '"')));
        assertThat(user).as("the rendered resource itself is untouched").isEqualTo(user());
    }

    @Test
    void noSelectionIsTheWholeResource() {
        assertThat(AttributeSelection.of((String) null, null).apply(user())).isEqualTo(user());
        assertThat(AttributeSelection.of(List.of(" "), List.of()).apply(user())).isEqualTo(user());
    }

    @Test
    void filtersAreNotAttributeNames() {
        assertThatThrownBy(() -> AttributeSelection.of("emails[type eq \"work\"]", null))
                .isInstanceOfSatisfying(
                        ScimException.class, e -> assertThat(e.scimType()).isEqualTo(ScimType.invalidValue));
    }

    private static ObjectNode user() {
        return (ObjectNode) json(USER);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Decides whether a group's member rows are read at all, so it must agree with what {@link AttributeSelection#apply} keeps. */
    @ParameterizedTest(name = "attributes={0} excludedAttributes={1} -> members {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "|| true",
                "members|| true",
                "MEMBERS.value|| true",
                "urn:ietf:params:scim:schemas:core:2.0:Group:members|| true",
                "Urn:ietf:params:scim:schemas:core:2.0:Group:members|| true",
                "displayName|| false",
                "displayName,externalId|| false",
                "|members| false",
                "|Members| false",
                "|members.display| true",
                "members|members| false",
                "|displayName| true"
            })
    void mayReturnSaysWhetherTheViewCanHoldTheAttribute(String attributes, String excluded, boolean expected)
            throws IOException {
        AttributeSelection selection = AttributeSelection.of(attributes, excluded);
        ObjectNode group = (ObjectNode) JSON.readTree("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"g","displayName":"Eng",
                 "members":[{"value":"u","display":"Ada"}],"meta":{"resourceType":"Group"}}""");

        assertThat(selection.mayReturn("members")).isEqualTo(expected);
        assertThat(selection.apply(group).has("members")).as("apply agrees").isEqualTo(expected);
    }
}
