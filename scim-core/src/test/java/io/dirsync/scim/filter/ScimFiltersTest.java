package io.dirsync.scim.filter;

import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScimFiltersTest {

    @Test
    void entraFormsParseIntoTheirRfcMeaning() {
        assertThat(ScimFilters.parse("emails[type eq \"work\"].value eq \"a@b.c\"")
                        .toString())
                .isEqualTo("emails[(type eq \"work\" and value eq \"a@b.c\")]");
        assertThat(ScimFilters.parse("externalId eq jyoung").toString()).isEqualTo("externalId eq \"jyoung\"");
    }

    /** filter | the position the parser reports, which must reach the client. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            userName eq "x" extra           | at position 16
            userName foo "x"                | at position 13
            userName eq "abc                | at position 12
            emails[type eq "work"].value    | at position 22
            emails[type eq "work"           | at position 6
            x eq "y" and emails[type eq "w" | at position 19
            """)
    void syntaxErrorsAreInvalidFilterNamingThePosition(String filter, String position) {
        assertThatThrownBy(() -> ScimFilters.parse(filter)).isInstanceOfSatisfying(ScimException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.scimType()).isEqualTo(ScimType.invalidFilter);
            assertThat(e.getMessage())
                    .contains(position)
                    .contains(filter)
                    .doesNotContain("\n")
                    .doesNotContain("REDACTED");
        });
    }

    @Test
    void whenTheFilterWasRewrittenTheDetailShowsWhatThePositionCountsIn() {
        assertThatThrownBy(() -> ScimFilters.parse("externalId eq jyoung extra"))
                .isInstanceOfSatisfying(
                        ScimException.class,
                        e -> assertThat(e.getMessage())
                                .contains("at position 23")
                                .contains("as read: 'externalId eq \"jyoung\" extra'"));
    }
}
