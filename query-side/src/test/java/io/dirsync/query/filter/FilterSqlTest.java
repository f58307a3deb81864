package io.dirsync.query.filter;

import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimSchemas;
import io.dirsync.scim.ScimType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SQL the translator writes, on a resource declared the way Groups will be (id, displayName, externalId,
 * and members as rows of their own): the translator knows nothing about Users. Behaviour on real data is
 * covered by the user listing tests on H2 and PostgreSQL.
 */
class FilterSqlTest {
    private static final ResourceColumns GROUPS = ResourceColumns.builder(ScimSchemas.GROUP, "group_id", "created_at")
            .column("id", FilterColumn.caseExact("group_id"))
            .column("displayName", FilterColumn.ignoringCase("display_name_key"))
            .column("externalId", FilterColumn.caseExact("external_id"))
            .multiValued(
                    "members",
                    new MultiValuedColumns(
                            "scim_group_member m",
                            "m.group_id",
                            "scim_group.group_id",
                            Map.of("value", FilterColumn.caseExact("m.user_id")),
                            "value"))
            .build();

    /** filter | SQL | parameters, comma-separated. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            displayName eq "Engineering" | (display_name_key IS NOT NULL AND display_name_key = ?) | engineering
            DISPLAYNAME sw "Eng"         | (display_name_key IS NOT NULL AND display_name_key LIKE ? ESCAPE '\\') | eng%
            externalId eq "AbC"          | (external_id IS NOT NULL AND external_id = ?) | AbC
            externalId ne "AbC"          | (external_id IS NULL OR external_id <> ?) | AbC
            urn:ietf:params:scim:schemas:core:2.0:Group:id eq "g-1" | (group_id IS NOT NULL AND group_id = ?) | g-1
            displayName pr               | (display_name_key IS NOT NULL AND display_name_key <> '') |
            not (externalId pr) or id eq "g" | (NOT ((external_id IS NOT NULL AND external_id <> ''))) OR ((group_id IS NOT NULL AND group_id = ?)) | g
            members[value eq "u-1"]      | scim_group.group_id IN (SELECT m.group_id FROM scim_group_member m WHERE (m.user_id IS NOT NULL AND m.user_id = ?)) | u-1
            members eq "u-1"             | scim_group.group_id IN (SELECT m.group_id FROM scim_group_member m WHERE (m.user_id IS NOT NULL AND m.user_id = ?)) | u-1
            members pr                   | scim_group.group_id IN (SELECT m.group_id FROM scim_group_member m) |
            displayName co "50%_"        | (display_name_key IS NOT NULL AND display_name_key LIKE ? ESCAPE '\\') | %50\\%\\_%
            """)
    void writesParameterisedSql(String filter, String sql, String parameters) {
        SqlCondition condition = FilterSql.where(filter, GROUPS);

        assertThat(condition.sql()).isEqualTo(sql);
        assertThat(condition.parameters())
                .containsExactlyElementsOf(parameters == null ? List.of() : List.of(parameters.split(",")));
    }

    @Test
    void noFilterMatchesEverything() {
        assertThat(FilterSql.where(null, GROUPS)).isEqualTo(new SqlCondition("1 = 1", List.of()));
        assertThat(FilterSql.where("  ", GROUPS).sql()).isEqualTo("1 = 1");
    }

    @Test
    void attributesWithoutAColumnAreInvalidFilter() {
        assertThatThrownBy(() -> FilterSql.where("members.display eq \"x\"", GROUPS))
                .isInstanceOfSatisfying(
                        ScimException.class, e -> assertThat(e.scimType()).isEqualTo(ScimType.invalidFilter));
    }

    @Test
    void sortingEndsWithTheIdInTheSameDirection() {
        assertThat(GROUPS.orderBy(null, false)).isEqualTo("created_at ASC, group_id ASC");
        assertThat(GROUPS.orderBy("displayName", false)).isEqualTo("display_name_key ASC NULLS LAST, group_id ASC");
        assertThat(GROUPS.orderBy("DisplayName", true)).isEqualTo("display_name_key DESC NULLS FIRST, group_id DESC");
    }

    @Test
    void sortingOnAnAttributeWithoutAColumnIsInvalidValue() {
        assertThatThrownBy(() -> GROUPS.orderBy("members.display", false))
                .isInstanceOfSatisfying(
                        ScimException.class, e -> assertThat(e.scimType()).isEqualTo(ScimType.invalidValue));
    }
}
