package io.dirsync.command.webhook;

import io.dirsync.command.crypto.Hmac;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Standard Webhooks signing: {@code v1,base64(HMAC-SHA256(key, id + "." + timestamp + "." + body))}, where
 * the secret is shown as {@code whsec_<base64 key>}, so any Standard Webhooks (or Svix) verifier accepts it.
 */
public final class WebhookSignature {
    static final String SECRET_PREFIX = "whsec_";
    /** 24 random bytes: the key size Svix issues; well above HMAC-SHA256's minimum. */
    private static final int KEY_BYTES = 24;

    private WebhookSignature() {}

    public static String newSecret(SecureRandom random) {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** @param timestamp seconds since the epoch, as sent in {@code webhook-timestamp} */
    public static String sign(String secret, String messageId, long timestamp, byte[] body) {
        byte[] signed = (messageId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        return "v1," + Base64.getEncoder().encodeToString(Hmac.sha256(key(secret), signed, body));
    }

    private static byte[] key(String secret) {
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        return Base64.getDecoder().decode(encoded);
    }
}
