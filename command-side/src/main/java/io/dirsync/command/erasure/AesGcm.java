package io.dirsync.command.erasure;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/** AES-256-GCM with a 96-bit nonce and a 128-bit tag; the output is nonce followed by ciphertext and tag. */
public final class AesGcm {
    public static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    /**
     * One decrypting cipher per thread, initialised afresh for each use: looking up a new one cost more than the
     * decryption of a profile. Sealing takes a new cipher each time: a GCM cipher refuses to encrypt twice under one
     * key and nonce, and the personal data's encryption is deterministic.
     */
    private static final ThreadLocal<Cipher> DECRYPTING = ThreadLocal.withInitial(AesGcm::newCipher);

    private AesGcm() {}

    public static byte[] seal(byte[] key, byte[] nonce, byte[] plaintext, byte[] associatedData) {
        try {
            Cipher cipher = newCipher();
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JRE", e);
        }
    }

    /** @throws IllegalArgumentException when the bytes were not sealed with this key and associated data */
    public static byte[] open(byte[] key, byte[] sealed, byte[] associatedData) {
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalArgumentException("Too short to be AES-GCM output");
        }
        try {
            Cipher cipher = DECRYPTING.get();
            cipher.init(
                    Cipher.DECRYPT_MODE,
                    new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG_BITS, Arrays.copyOfRange(sealed, 0, NONCE_BYTES)));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException("Authentication failed: wrong key, or the bytes were changed", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JRE", e);
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JRE", e);
        }
    }
}
