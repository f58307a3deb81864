package io.dirsync.scim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ETagsTest {

    static Stream<Arguments> ifMatchHeaders() {
        return Stream.of(
                arguments("W/\"3\"", 3L),
                arguments("\"3\"", 3L),
                arguments(" W/\"3\" ", 3L),
                arguments("W/\"0\"", 0L),
                arguments("*", null),
                arguments(" * ", null),
                arguments("", null),
                arguments(null, null));
    }

    @ParameterizedTest(name = "If-Match [{0}] -> {1}")
    @MethodSource("ifMatchHeaders")
    void expectedVersionReadsOurWeakAndStrongTags(String ifMatch, Long expected) {
        assertThat(ETags.expectedVersion(ifMatch)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "If-Match [{0}] -> 412")
    @ValueSource(strings = {"garbage", "W/\"abc\"", "\"3.0\"", "W/", "\"\""})
    void aTagThatIsNotOursCanNeverMatch(String ifMatch) {
        ScimException e = catchThrowableOfType(() -> ETags.expectedVersion(ifMatch), ScimException.class);

        assertThat(e).isNotNull();
        assertThat(e.status()).isEqualTo(412);
        assertThat(e.scimType()).isNull();
        assertThat(e.toError().status()).isEqualTo("412");
    }

    @Test
    void theTagWeWriteIsTheTagWeRead() {
        assertThat(ETags.of(7)).isEqualTo("W/\"7\"");
        assertThat(ETags.expectedVersion(ETags.of(7))).isEqualTo(7L);
    }
}
