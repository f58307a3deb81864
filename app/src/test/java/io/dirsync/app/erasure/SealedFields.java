package io.dirsync.app.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;

/**
 * Opens a sealed field of a stored event straight from the database, for tests that fold the event table
 * themselves (the crash test). Only for keys stored unwrapped, i.e. a service run without a master key.
 */
public final class SealedFields {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SealedFields() {}

    /** The field as stored when it is not sealed (events from before encryption), else opened with the user's key. */
    public static JsonNode open(Connection db, String userId, String field, JsonNode stored) throws Exception {
        if (!stored.isTextual() || !stored.asText().startsWith(PersonalDataEnvelope.PREFIX)) {
            return stored;
        }
        byte[] sealed = Base64.getDecoder().decode(stored.asText().substring(PersonalDataEnvelope.PREFIX.length()));
        return JSON.readTree(new PersonalDataCipher().decrypt(key(db, userId), userId, field, sealed));
    }

    private static byte[] key(Connection db, String userId) throws SQLException {
        try (PreparedStatement query =
                db.prepareStatement("SELECT key_bytes, wrapped FROM user_data_key WHERE user_id = ?")) {
            query.setString(1, userId);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("No data key for user " + userId);
                }
                if (row.getBoolean(2)) {
                    throw new IllegalStateException(
                            "The key of user " + userId + " is wrapped: run without a master key");
                }
                return row.getBytes(1);
            }
        }
    }
}
