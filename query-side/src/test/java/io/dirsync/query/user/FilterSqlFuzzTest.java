package io.dirsync.query.user;

import io.dirsync.query.filter.FilterSql;
import io.dirsync.scim.fuzz.Fuzzing;
import io.dirsync.scim.fuzz.ScimGrammar;
import io.dirsync.scim.fuzz.TextMutations;
import org.junit.jupiter.api.Test;

/**
 * Filters that parse must also translate: the SQL translator over the real User columns either writes a
 * condition or fails as a SCIM error, whatever the attribute, operator and value (dates, numbers, null...).
 */
class FilterSqlFuzzTest {

    @Test
    void everyFilterTranslatesToSqlOrFailsAsAScimError() {
        Fuzzing.onlyScimErrors(
                "FilterSql.where",
                4000,
                random -> random.nextInt(4) == 0
                        ? TextMutations.mutate(random, ScimGrammar.filter(random, 3))
                        : ScimGrammar.filter(random, 3),
                filter -> FilterSql.where(filter, UserColumns.USERS));
    }

    @Test
    void everySortByOrdersOrFailsAsAScimError() {
        Fuzzing.onlyScimErrors(
                "orderBy",
                2000,
                random -> random.nextInt(3) == 0
                        ? TextMutations.mutate(random, ScimGrammar.attribute(random))
                        : ScimGrammar.attribute(random),
                sortBy -> UserColumns.USERS.orderBy(sortBy, false));
    }
}
