package io.dirsync.scim.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListRequestTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** startIndex | count | the page asked for (RFC 7644 3.4.2.4: out-of-range values are clamped, not refused). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
                |      | 1 | 100
            0   | 0    | 1 | 0
            -5  | -1   | 1 | 0
            101 | 5000 | 101 | 1000
            """)
    void pagingDefaultsAndBounds(String startIndex, String count, int start, int size) {
        ListRequest request = ListRequest.fromQuery(null, null, null, startIndex, count, null, null);

        assertThat(request.startIndex()).isEqualTo(start);
        assertThat(request.count()).isEqualTo(size);
    }

    @Test
    void sortOrderIsAscendingUnlessDescendingIsAskedInAnyCase() {
        assertThat(ListRequest.fromQuery(null, "userName", null, null, null, null, null)
                        .descending())
                .isFalse();
        assertThat(ListRequest.fromQuery(null, "userName", "Descending", null, null, null, null)
                        .descending())
                .isTrue();
        assertThatThrownBy(() -> ListRequest.fromQuery(null, "userName", "down", null, null, null, null))
                .isInstanceOfSatisfying(
                        ScimException.class, e -> assertThat(e.scimType()).isEqualTo(ScimType.invalidValue));
        assertThatThrownBy(() -> ListRequest.fromQuery(null, null, null, "one", null, null, null))
                .isInstanceOfSatisfying(
                        ScimException.class, e -> assertThat(e.scimType()).isEqualTo(ScimType.invalidValue));
    }

    @Test
    void searchRequestBodyCarriesTheSameParameters() throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],"attributes":["userName"],
                 "filter":"userName sw \\"a\\"","sortBy":"meta.created","sortOrder":"descending","startIndex":3,"count":"7"}
                """);

        ListRequest request = ListRequest.fromSearchRequest(body);

        assertThat(request.filter()).isEqualTo("userName sw \"a\"");
        assertThat(request.sortBy()).isEqualTo("meta.created");
        assertThat(request.descending()).isTrue();
        assertThat(request.startIndex()).isEqualTo(3);
        assertThat(request.count()).isEqualTo(7);
        ObjectNode user =
                (ObjectNode) JSON.readTree("{\"schemas\":[\"s\"],\"id\":\"1\",\"userName\":\"a\",\"active\":true}");
        assertThat(request.selection().apply(user).has("active")).isFalse();
    }

    @Test
    void aBodyWithoutTheSearchRequestSchemaIsInvalidSyntax() throws Exception {
        for (String body : new String[] {
            "{\"filter\":\"userName pr\"}", "[]", "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"]}"
        }) {
            assertThatThrownBy(() -> ListRequest.fromSearchRequest(JSON.readTree(body)))
                    .isInstanceOfSatisfying(
                            ScimException.class, e -> assertThat(e.scimType()).isEqualTo(ScimType.invalidSyntax));
        }
        assertThatThrownBy(() -> ListRequest.fromSearchRequest(JSON.readTree(
                        "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"],\"count\":1.5}")))
                .isInstanceOfSatisfying(
                        ScimException.class, e -> assertThat(e.scimType()).isEqualTo(ScimType.invalidValue));
    }
}
