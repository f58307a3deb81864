package io.dirsync.app.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(OutputCaptureExtension.class)
class AdminCredentialTest {

    @Test
    void aConfiguredTokenShorterThan20CharactersIsRefusedWithHowToMakeOne(@TempDir Path dataDir) {
        assertThatThrownBy(() -> new AdminCredential("a".repeat(19), dataDir.toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DIRSYNC_ADMIN_TOKEN")
                .hasMessageContaining("at least 20")
                .hasMessageContaining("openssl rand -hex 32");
        assertThat(new AdminCredential("a".repeat(20), dataDir.toString()).matches("a".repeat(20)))
                .isTrue();
    }

    @Test
    void aTokenShorterThan32CharactersIsWarnedAboutAndALongerOneIsNot(@TempDir Path dataDir, CapturedOutput output) {
        new AdminCredential("smoke-admin-token-0123456789", dataDir.toString());
        assertThat(output.getOut()).contains("has 28 characters; 32 or more random ones are recommended");
        int before = output.getOut().length();
        new AdminCredential("a".repeat(32), dataDir.toString());
        assertThat(output.getOut().substring(before)).doesNotContain("recommended");
    }

    @Test
    void theGeneratedTokenIsLongEnoughAndRandom(@TempDir Path first, @TempDir Path second) throws Exception {
        new AdminCredential("", first.toString());
        new AdminCredential("", second.toString());
        String one = Files.readString(first.resolve("admin-token")).trim();
        String two = Files.readString(second.resolve("admin-token")).trim();

        assertThat(one)
                .hasSizeGreaterThanOrEqualTo(AdminCredential.RECOMMENDED_LENGTH)
                .startsWith("dsa_")
                .isNotEqualTo(two);
    }
}
