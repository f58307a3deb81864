package io.dirsync.query.filter;

import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimSchemas;
import io.dirsync.scim.ScimType;
import io.dirsync.scim.schema.SchemaCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SQL written for attributes kept as rows of an {@link AttributeValueTable}, on the real User schema: uncorrelated
 * subqueries that start from the (attribute, sub-attribute, value) index, set operations over (resource, element)
 * pairs for value filters, and sortBy on element 0. Results on real data: the user listing tests.
 */
class AttributeValueTableTest {
    private static final ResourceColumns USERS = ResourceColumns.builder(ScimSchemas.USER, "user_id", "created_at")
            .column("name.givenName", FilterColumn.ignoringCase("given_name_key"))
            .attributeValues(new AttributeValueTable(
                    "attribute_value",
                    "user_id",
                    "users.user_id",
                    new StoredAttributes(SchemaCatalog.get().users())))
            .build();
    private static final String PAIRS = "SELECT v.user_id, v.element FROM attribute_value v WHERE ";

    @Test
    void aComparisonStartsFromTheValueIndex() {
        SqlCondition condition = FilterSql.where("title eq \"Countess\"", USERS);

        assertThat(condition.sql())
                .isEqualTo("users.user_id IN (SELECT v.user_id FROM attribute_value v WHERE v.attribute_key = ?"
                        + " AND v.sub_key = ? AND (v.value_key IS NOT NULL AND v.value_key = ?))");
        assertThat(condition.parameters()).containsExactly("title", "", "countess");
    }

    @Test
    void aValueFilterIntersectsTheValuesThatMeetEachCondition() {
        SqlCondition condition = FilterSql.where("addresses[type eq \"work\" and not (locality eq \"Paris\")]", USERS);

        assertThat(condition.sql())
                .isEqualTo(
                        "users.user_id IN (SELECT m.user_id FROM (("
                                + PAIRS
                                + "v.attribute_key = ? AND v.sub_key = ? AND (v.value_key IS NOT NULL AND v.value_key = ?)) INTERSECT (("
                                + PAIRS + "v.attribute_key = ?) EXCEPT ("
                                + PAIRS
                                + "v.attribute_key = ? AND v.sub_key = ? AND (v.value_key IS NOT NULL AND v.value_key = ?)))) m)");
        assertThat(condition.parameters())
                .containsExactly("addresses", "type", "work", "addresses", "addresses", "locality", "paris");
    }

    @Test
    void aCaseExactAttributeFindsRowsByTheLowerCasedKeyAndComparesTheValueAsSent() {
        SqlCondition condition = FilterSql.where("profileUrl eq \"https://x.test/Ada\"", USERS);

        assertThat(condition.sql())
                .endsWith("AND ((v.value_key IS NOT NULL AND v.value_key = ?)"
                        + " AND (v.value_exact IS NOT NULL AND v.value_exact = ?)))");
        assertThat(condition.parameters())
                .containsExactly("profileurl", "", "https://x.test/ada", "https://x.test/Ada");
    }

    @Test
    void aComplexAttributeSplitBetweenColumnsAndRowsIsPresentThroughEither() {
        assertThat(FilterSql.where("name pr", USERS).sql())
                .isEqualTo("((given_name_key IS NOT NULL AND given_name_key <> '')"
                        + " OR users.user_id IN (SELECT v.user_id FROM attribute_value v WHERE v.attribute_key = ?))");
    }

    @Test
    void sortingReadsThePrimaryOrFirstValueAndFreeFormNumbersBeforeText() {
        assertThat(USERS.orderBy("addresses.locality", true))
                .isEqualTo("(SELECT MIN(s.value_key) FROM attribute_value s"
                        + " WHERE s.user_id = users.user_id AND s.attribute_key = 'addresses' AND s.sub_key = 'locality' AND s.element = 0)"
                        + " DESC NULLS FIRST, user_id DESC");
        assertThat(USERS.orderBy("urn:example:2.0:User:level", false))
                .startsWith("(SELECT MIN(s.value_number)")
                .contains("ASC NULLS LAST, (SELECT MIN(s.value_key)")
                .endsWith("ASC NULLS LAST, user_id ASC");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "nickNames pr",
                "title.x eq \"a\"",
                "groups pr",
                "addresses eq \"x\"",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:title pr",
                "urn:example:2.0:Group:level pr",
                "addresses[locality pr and name pr]",
                "urn:example:2.0:User:tags[value eq \"x\"]"
            })
    void attributesTheSchemaDoesNotDefineOrThatCannotBeComparedAreInvalidFilter(String filter) {
        assertThatThrownBy(() -> FilterSql.where(filter, USERS))
                .isInstanceOfSatisfying(
                        ScimException.class, e -> assertThat(e.scimType()).isEqualTo(ScimType.invalidFilter));
    }

    @ParameterizedTest
    @ValueSource(strings = {"name", "addresses", "urn:example:2.0:Group:level", "urn:x'y:2.0:User:level"})
    void complexOrUndefinedAttributesCannotBeSorted(String sortBy) {
        assertThatThrownBy(() -> USERS.orderBy(sortBy, false))
                .isInstanceOfSatisfying(
                        ScimException.class, e -> assertThat(e.scimType()).isEqualTo(ScimType.invalidValue));
    }
}
