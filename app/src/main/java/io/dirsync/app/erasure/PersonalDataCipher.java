package io.dirsync.app.erasure;

import io.dirsync.command.crypto.Hmac;
import io.dirsync.command.erasure.AesGcm;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * AES-256-GCM for a user's personal data, with a synthetic nonce: HMAC-SHA256 over the plaintext under a key derived from
 * the user's data key (the SIV idea). Encryption is therefore deterministic, and it has to be: Axon serializes an
 * event twice, once for the hash chain as it is published and once to store it, and both must give the same bytes,
 * or every stored hash would be wrong. What determinism reveals is only whether two of one user's events carry the
 * same value; a nonce repeats only for the same plaintext under the same key, which is the safe case.
 * The associated data binds each ciphertext to its user and field: moved elsewhere it does not open.
 */
final class PersonalDataCipher {
    private static final byte[] ENCRYPTION_LABEL = "dirsync/pii/v1/encryption".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NONCE_LABEL = "dirsync/pii/v1/nonce".getBytes(StandardCharsets.UTF_8);

    byte[] encrypt(byte[] dataKey, String userId, String field, byte[] plaintext) {
        byte[] associated = associatedData(userId, field);
        byte[] nonceKey = Hmac.sha256(dataKey, NONCE_LABEL);
        byte[] nonce = Arrays.copyOf(Hmac.sha256(nonceKey, associated, new byte[] {0}, plaintext), AesGcm.NONCE_BYTES);
        return AesGcm.seal(Hmac.sha256(dataKey, ENCRYPTION_LABEL), nonce, plaintext, associated);
    }

    /** @throws IllegalArgumentException when the bytes are not this user's profile under this key */
    byte[] decrypt(byte[] dataKey, String userId, String field, byte[] sealed) {
        return AesGcm.open(Hmac.sha256(dataKey, ENCRYPTION_LABEL), sealed, associatedData(userId, field));
    }

    private static byte[] associatedData(String userId, String field) {
        return ("dirsync-pii-v1:" + userId + ":" + field).getBytes(StandardCharsets.UTF_8);
    }
}
