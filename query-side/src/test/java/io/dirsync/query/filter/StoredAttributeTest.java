package io.dirsync.query.filter;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StoredAttributeTest {

    @Test
    void dateTimesInAnyOffsetOrPrecisionBecomeOneTextThatSortsInTimeOrder() {
        String paris = StoredAttribute.canonicalDateTime("2024-01-01T11:00:00+01:00");
        String later = StoredAttribute.canonicalDateTime("2024-01-01T10:00:00.5Z");

        assertThat(paris)
                .isEqualTo(StoredAttribute.canonicalDateTime("2024-01-01T10:00:00.000Z"))
                .isEqualTo("2024-01-01t10:00:00.000000000z");
        assertThat(paris).isLessThan(later);
        assertThat(StoredAttribute.canonicalDateTime("yesterday")).isNull();
    }
}
