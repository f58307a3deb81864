package io.dirsync.command.crypto;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * HMAC-SHA256, spelled once: webhook signatures, the admin credential's derived keys, the admin UI session cookie and
 * the personal-data keys and nonces. In command-side so that command-side and app both reach it.
 */
public final class Hmac {
    /** One per thread, initialised afresh with each key: looking up a new one cost more than a short MAC. */
    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    });

    private Hmac() {}

    public static byte[] sha256(byte[] key, String message) {
        return sha256(key, message.getBytes(StandardCharsets.UTF_8));
    }

    /** The MAC of the parts one after the other, as if they were one message. */
    public static byte[] sha256(byte[] key, byte[]... parts) {
        try {
            Mac mac = MACS.get();
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }
}
