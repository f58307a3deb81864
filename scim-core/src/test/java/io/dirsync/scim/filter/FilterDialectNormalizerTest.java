package io.dirsync.scim.filter;

import com.unboundid.scim2.common.filters.Filter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class FilterDialectNormalizerTest {

    /** Each row: what an IdP sends | what the parser then reads. Columns are separated by '|'. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            # Entra ID's lookups (idp-quirks 1.3)
            emails[type eq "work"].value eq "a@b.c"                | emails[(type eq "work") and value eq "a@b.c"]
            emails[type eq "work"].value eq a@b.c                  | emails[(type eq "work") and value eq "a@b.c"]
            externalId eq jyoung                                   | externalId eq "jyoung"
            externalId eq 00u1abcd                                 | externalId eq "00u1abcd"
            userName eq "alice@contoso.com"                        | userName eq "alice@contoso.com"
            # Entra's form with other operators, value filters with 'or', nested in logic
            emails[type eq "work"].value co "@x"                   | emails[(type eq "work") and value co "@x"]
            emails[type eq "work"].value pr                        | emails[(type eq "work") and value pr]
            EMAILS[TYPE EQ "work"].VALUE EQ "a@b.c"                | EMAILS[(TYPE EQ "work") and VALUE EQ "a@b.c"]
            emails[type eq "work" or type eq "home"].value eq "x"  | emails[(type eq "work" or type eq "home") and value eq "x"]
            not (emails[type eq work].value eq "x") and active eq true | not (emails[(type eq "work") and value eq "x"]) and active eq true
            userName eq "x" or emails[primary eq true].value sw "y" | userName eq "x" or emails[(primary eq true) and value sw "y"]
            # literals stay literals; anything else bare becomes a string
            active eq TRUE                                         | active eq true
            active eq False                                        | active eq false
            displayName eq NULL                                    | displayName eq null
            x eq 42                                                | x eq 42
            x eq -1.5e3                                            | x eq -1.5e3
            x eq 007                                               | x eq "007"
            meta.lastModified gt 2011-05-13T04:42:34Z              | meta.lastModified gt "2011-05-13T04:42:34Z"
            (externalId eq jyoung)                                 | (externalId eq "jyoung")
            emails[value eq a@b.c]                                 | emails[value eq "a@b.c"]
            externalId eq back\\slash                              | externalId eq "back\\\\slash"
            # quoted text is never touched, whatever it looks like
            displayName eq "emails[type eq \\"work\\"].value eq x"  | displayName eq "emails[type eq \\"work\\"].value eq x"
            displayName eq "a and b" and externalId eq "c"         | displayName eq "a and b" and externalId eq "c"
            # RFC 7644 3.4.2.2 examples pass unchanged
            title pr and userType eq "Employee"                    | title pr and userType eq "Employee"
            emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"] | emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]
            urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J" | urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"
            """)
    void rewritesIdpDialectsIntoRfcGrammar(String sent, String read) {
        String normalized = FilterDialectNormalizer.normalize(sent);

        assertThat(normalized).isEqualTo(read);
        assertThat(parses(normalized)).as("UnboundID parses %s", normalized).isTrue();
    }

    /** Broken filters stay broken (the client gets invalidFilter), and are not made worse. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "userName eq",
                "userName eq \"abc",
                "(userName eq \"x\"",
                "userName foo \"x\"",
                "emails[type eq \"work\"].value",
                "emails[type eq \"work\"",
                "userName eq \"x\" extra",
                "and",
                ""
            })
    void leavesBrokenFiltersBroken(String sent) {
        assertThat(FilterDialectNormalizer.normalize(sent)).isEqualTo(sent);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"userName eq \"a\"", "a eq \"\\\"\" and b eq \"]\"", "  x   eq   y  ", "e[t eq \"w\"].v eq \"x\""
            })
    void tokensCoverTheFilterExactly(String filter) {
        StringBuilder joined = new StringBuilder();
        FilterToken.tokenize(filter).forEach(token -> joined.append(token.text()));
        assertThat(joined).hasToString(filter);
    }

    private static boolean parses(String filter) {
        try {
            Filter.fromString(filter);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
