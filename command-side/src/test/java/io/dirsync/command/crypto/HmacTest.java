package io.dirsync.command.crypto;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** The MAC is kept per thread and initialised with each key: every call answers as a fresh one would. */
class HmacTest {
    @Test
    void eachCallGivesTheMacOfItsOwnKeyAndMessage() {
        // RFC 4231, test cases 1 and 2, one after the other and again
        byte[] key1 = HexFormat.of().parseHex("0b".repeat(20));
        byte[] key2 = "Jefe".getBytes(StandardCharsets.UTF_8);
        String mac1 = "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7";
        String mac2 = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

        for (int round = 0; round < 2; round++) {
            assertThat(HexFormat.of().formatHex(Hmac.sha256(key1, "Hi There"))).isEqualTo(mac1);
            assertThat(HexFormat.of()
                            .formatHex(Hmac.sha256(
                                    key2,
                                    "what do ya want ".getBytes(StandardCharsets.UTF_8),
                                    "for nothing?".getBytes(StandardCharsets.UTF_8))))
                    .as("in two parts")
                    .isEqualTo(mac2);
        }
    }
}
