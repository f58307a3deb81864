package io.dirsync.api.scim;

/**
 * One RFC 7644 section 3.5.2 operation as the client sent it.
 *
 * @param op    "add", "replace" or "remove", in any letter case (Entra ID capitalises)
 * @param path  the attribute path, or null
 * @param value a JSON-compatible value (String, Number, Boolean, List, Map) or null
 */
public record PatchOperation(String op, String path, Object value) {}
