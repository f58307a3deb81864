package io.dirsync.api.connection;

/**
 * What is stored of a bearer token: a public identifier (safe to log and to put in event metadata)
 * and the SHA-256 digest of the 256-bit random secret. The secret itself is never stored.
 */
public record TokenDigest(String tokenId, String sha256Hex) {}
