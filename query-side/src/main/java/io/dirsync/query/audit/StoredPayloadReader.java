package io.dirsync.query.audit;

/**
 * Turns a payload as stored into what the history shows. The store seals personal data (see the app's erasure
 * package); the history shows it opened, or as erased once its user was erased, never as ciphertext.
 */
public interface StoredPayloadReader {

    /** @return the payload as JSON text */
    String read(String payloadType, byte[] stored);
}
