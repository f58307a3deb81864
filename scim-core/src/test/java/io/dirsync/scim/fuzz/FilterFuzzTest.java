package io.dirsync.scim.fuzz;

import io.dirsync.scim.filter.ScimFilters;
import org.junit.jupiter.api.Test;

/** Whatever the filter text, parsing either succeeds or fails as a SCIM invalidFilter error. */
class FilterFuzzTest {

    @Test
    void grammarFiltersAndTheirMutationsParseOrFailAsScimErrors() {
        Fuzzing.onlyScimErrors(
                "ScimFilters.parse",
                3000,
                random -> random.nextInt(3) == 0
                        ? ScimGrammar.filter(random, 3)
                        : TextMutations.mutate(random, ScimGrammar.filter(random, 3)),
                ScimFilters::parse);
    }

    @Test
    void randomTextParsesOrFailsAsScimErrors() {
        Fuzzing.onlyScimErrors(
                "ScimFilters.parse",
                2000,
                random -> TextMutations.randomText(random, random.nextInt(40)),
                ScimFilters::parse);
    }
}
