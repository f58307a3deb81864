package io.dirsync.app.audit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Failure details are kept without the values a client sent: the log is not covered by erasure. */
class ProvisioningFailureLogTest {

    @Test
    void filterAndPatchValuesAreBlanked() {
        assertThat(ProvisioningFailureLog.redacted(
                        "Invalid filter 'userName eq \"ada@example.com\" and': unexpected end"))
                .isEqualTo("Invalid filter '…': unexpected end");
        assertThat(ProvisioningFailureLog.redacted(
                        "Operations[0]: path 'emails[value eq \"ada@example.com\"]' does not parse"))
                .isEqualTo("Operations[0]: path '…' does not parse");
    }

    @Test
    void singleQuotedValuesWithAnAtOrASpaceAreBlankedAttributeNamesStay() {
        assertThat(ProvisioningFailureLog.redacted("Attribute 'emails' must contain at least one email address"))
                .isEqualTo("Attribute 'emails' must contain at least one email address");
        assertThat(ProvisioningFailureLog.redacted("'count' must be an integer, not 'Ada Lovelace'"))
                .isEqualTo("'count' must be an integer, not '…'");
        assertThat(ProvisioningFailureLog.redacted(null)).isNull();
    }
}
