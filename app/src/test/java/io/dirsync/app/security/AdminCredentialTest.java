package io.dirsync.app.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdminCredentialTest {

    @Test
    void aConfiguredTokenShorterThan32CharactersIsRefusedWithHowToMakeOne(@TempDir Path dataDir) {
        assertThatThrownBy(() -> new AdminCredential("a".repeat(31), dataDir.toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DIRSYNC_ADMIN_TOKEN")
                .hasMessageContaining("openssl rand -hex 32");
        assertThat(new AdminCredential("a".repeat(32), dataDir.toString()).matches("a".repeat(32)))
                .isTrue();
    }

    @Test
    void theGeneratedTokenIsLongEnoughAndRandom(@TempDir Path first, @TempDir Path second) throws Exception {
        new AdminCredential("", first.toString());
        new AdminCredential("", second.toString());
        String one = Files.readString(first.resolve("admin-token")).trim();
        String two = Files.readString(second.resolve("admin-token")).trim();

        assertThat(one)
                .hasSizeGreaterThanOrEqualTo(AdminCredential.MIN_LENGTH)
                .startsWith("dsa_")
                .isNotEqualTo(two);
    }
}
