package io.dirsync.app.ui.user;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** What "as of" instant a value means, from the page's picker and typed into a link. */
class UserPageAsOfTest {

    @Test
    void thePickerLeavesOutZeroSecondsAndMeansSecondZero() {
        assertThat(UserPage.asOf("2026-01-31T12:00", true)).isEqualTo(Instant.parse("2026-01-31T12:00:00Z"));
        assertThat(UserPage.asOf("2026-01-31T12:00:07", true)).isEqualTo(Instant.parse("2026-01-31T12:00:07Z"));
    }

    @Test
    void aMinuteTypedByHandMeansTheWholeMinute() {
        assertThat(UserPage.asOf("2026-01-31T12:00", false)).isEqualTo(Instant.parse("2026-01-31T12:00:59.999999999Z"));
        assertThat(UserPage.asOf("2026-01-31T12:00:07", false)).isEqualTo(Instant.parse("2026-01-31T12:00:07Z"));
        assertThat(UserPage.asOf("", false)).isNull();
    }
}
