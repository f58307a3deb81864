package io.dirsync.command.erasure;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The decrypting cipher is kept per thread: nothing of one use, a failed one included, may reach the next. */
class AesGcmTest {
    private static final byte[] NONCE = new byte[AesGcm.NONCE_BYTES];
    private static final byte[] DATA = "user-1:profile".getBytes(StandardCharsets.UTF_8);

    @Test
    void eachOpeningAnswersForItsOwnKeyAndBytesAfterAnyBeforeIt() throws Exception {
        byte[] first = key(1);
        byte[] second = key(2);
        byte[] sealedFirst = AesGcm.seal(first, NONCE, bytes("Ada"), DATA);
        byte[] sealedSecond = AesGcm.seal(second, NONCE, bytes("Grace"), DATA);
        byte[] tampered = Arrays.copyOf(sealedFirst, sealedFirst.length);
        tampered[tampered.length - 1] ^= 1;

        assertThat(AesGcm.open(first, sealedFirst, DATA)).isEqualTo(bytes("Ada"));
        assertThatThrownBy(() -> AesGcm.open(second, sealedFirst, DATA)).isInstanceOf(IllegalArgumentException.class);
        assertThat(AesGcm.open(second, sealedSecond, DATA))
                .as("after a wrong key")
                .isEqualTo(bytes("Grace"));
        assertThatThrownBy(() -> AesGcm.open(first, tampered, DATA)).isInstanceOf(IllegalArgumentException.class);
        assertThat(AesGcm.open(first, sealedFirst, DATA))
                .as("after changed bytes")
                .isEqualTo(bytes("Ada"));
        assertThatThrownBy(() -> AesGcm.open(first, sealedFirst, bytes("user-2:profile")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(CompletableFuture.supplyAsync(() -> AesGcm.open(second, sealedSecond, DATA))
                        .get())
                .as("on another thread")
                .isEqualTo(bytes("Grace"));
    }

    @Test
    void sealingTheSameBytesTwiceUnderOneKeyAndNonceGivesTheSameOutput() {
        byte[] key = key(3);

        assertThat(AesGcm.seal(key, NONCE, bytes("Ada"), DATA)).isEqualTo(AesGcm.seal(key, NONCE, bytes("Ada"), DATA));
    }

    private static byte[] key(int fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        return key;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
