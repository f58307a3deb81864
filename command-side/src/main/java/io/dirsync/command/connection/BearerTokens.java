package io.dirsync.command.connection;

import io.dirsync.api.connection.TokenDigest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Connection bearer tokens: 256 random bits, shown to the admin once, stored only as a SHA-256 digest.
 * A fast hash is enough here (unlike for passwords): the secret has full entropy, so it cannot be guessed
 * from its digest.
 */
public final class BearerTokens {
    private static final SecureRandom RANDOM = new SecureRandom();

    private BearerTokens() {}

    public record IssuedToken(String secret, TokenDigest digest) {}

    public static IssuedToken issue() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = "dsc_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return new IssuedToken(secret, new TokenDigest(UUID.randomUUID().toString(), sha256Hex(secret)));
    }

    public static String sha256Hex(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** Constant-time comparison, so response timing says nothing about how much of a guess was right. */
    public static boolean matches(String presentedSecret, String storedSha256Hex) {
        return digestMatches(sha256Hex(presentedSecret), storedSha256Hex);
    }

    /** As {@link #matches}, for a presented secret already hashed (one hash for all of a connection's tokens). */
    public static boolean digestMatches(String presentedSha256Hex, String storedSha256Hex) {
        byte[] presented = presentedSha256Hex.getBytes(StandardCharsets.US_ASCII);
        byte[] stored = storedSha256Hex.getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(presented, stored);
    }
}
