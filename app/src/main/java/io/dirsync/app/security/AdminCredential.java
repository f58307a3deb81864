package io.dirsync.app.security;

import io.dirsync.command.crypto.Hmac;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The admin API's credential: {@code DIRSYNC_ADMIN_TOKEN} when set; otherwise a token generated at first
 * start, kept in {@code <data dir>/admin-token} (owner-only) and logged once, when it is generated. It is the one
 * credential that opens everything: a token shorter than {@link #MIN_LENGTH} characters stops the start, and one
 * shorter than {@link #RECOMMENDED_LENGTH} (128 bits as hex, as the generated one has) is warned about at every start.
 * The floor is not 32 because the API contract's own smoke check configures a 28-character token.
 */
@Component
public class AdminCredential {
    public static final int MIN_LENGTH = 20;
    public static final int RECOMMENDED_LENGTH = 32;
    private static final Logger log = LoggerFactory.getLogger(AdminCredential.class);
    private final byte[] token;

    public AdminCredential(
            @Value("${dirsync.admin-token:}") String configured, @Value("${dirsync.data-dir}") String dataDir) {
        String chosen = configured.isBlank() ? storedOrGenerated(Path.of(dataDir)) : configured.trim();
        if (chosen.length() < MIN_LENGTH) {
            throw new WeakAdminTokenException("The admin token (DIRSYNC_ADMIN_TOKEN, property dirsync.admin-token"
                    + (configured.isBlank()
                            ? ", here read from " + Path.of(dataDir).resolve("admin-token")
                            : "")
                    + ") has " + chosen.length() + " characters; it needs at least " + MIN_LENGTH
                    + ". Generate one with: openssl rand -hex 32");
        }
        if (chosen.length() < RECOMMENDED_LENGTH) {
            log.warn(
                    "The admin token (DIRSYNC_ADMIN_TOKEN) has {} characters; {} or more random ones are recommended."
                            + " Generate one with: openssl rand -hex 32",
                    chosen.length(),
                    RECOMMENDED_LENGTH);
        }
        this.token = chosen.getBytes(StandardCharsets.UTF_8);
    }

    /** Constant-time: the time taken does not depend on how much of a guess was right. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A key derived from the admin token for one purpose (HMAC-SHA256 of the purpose under the token): it
     * changes when the token changes, and reveals nothing of the token.
     */
    public byte[] derivedKey(String purpose) {
        return Hmac.sha256(token, purpose);
    }

    private static String storedOrGenerated(Path dataDir) {
        Path file = dataDir.resolve("admin-token");
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            Files.createDirectories(dataDir);
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String generated = "dsa_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Files.writeString(file, generated + "\n", StandardCharsets.UTF_8);
            restrictToOwner(file);
            log.warn(
                    "No DIRSYNC_ADMIN_TOKEN set: generated an admin token, stored in {}. Admin token: {}"
                            + " (shown only this once)",
                    file.toAbsolutePath(),
                    generated);
            return generated;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the admin token under " + dataDir, e);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(
                    file,
                    Set.of(
                            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): the data directory's own ACL protects the file
        }
    }
}
