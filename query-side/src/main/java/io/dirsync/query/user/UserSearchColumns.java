package io.dirsync.query.user;

import io.dirsync.api.user.EmailAddress;
import io.dirsync.api.user.EnterpriseAttributes;
import io.dirsync.api.user.PersonName;
import io.dirsync.api.user.UserProfile;
import io.dirsync.query.rebuild.AggregateSetRebuild;
import io.dirsync.query.support.MultiRowInsert;
import io.dirsync.query.support.SqlLists;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The parts of {@code scim_user}, {@code scim_user_email} and {@code scim_user_attribute_value} that exist only
 * to be filtered and sorted on, derived from a user's profile. Written by {@link ScimUserProjection} in the
 * event's transaction and by the backfill migrations for rows stored before these tables existed: one derivation.
 */
final class UserSearchColumns {
    private final JdbcTemplate jdbc;

    UserSearchColumns(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The key columns of {@code scim_user}, in the order {@link #keys} gives their values. */
    static final String KEY_COLUMNS =
            "display_name_key, primary_email_key, given_name_key, family_name_key, formatted_name_key,"
                    + " employee_number_key, cost_center_key, organization_key, division_key, department_key, manager_key";

    private static final String EMAIL_COLUMNS =
            "user_id, connection_id, value_key, email_value, type, primary_email, email_display, position";
    private static final String VALUE_COLUMNS =
            "user_id, connection_id, attribute_key, sub_key, element, value_key, value_exact, value_number";

    /**
     * A rebuild in sets' email and attribute-value rows by user, written with multi-row inserts once its batch is
     * applied ({@link AggregateSetRebuild#ofThisBatch}); a delete of a user's rows drops the user's collected ones.
     */
    private record Collected(Map<String, List<Object[]>> emails, Map<String, List<Object[]>> values) {}

    private static final String SET_KEYS = String.join(" = ?, ", KEY_COLUMNS.split(", ")) + " = ?";

    /** Replaces everything derived from the user's profile with what {@code profile} gives. */
    void write(String userId, String connectionId, UserProfile profile) {
        writeKeysAndEmails(userId, connectionId, profile);
        writeAttributeValues(userId, connectionId, profile);
    }

    /**
     * The rows of a user whose {@code scim_user} row was just inserted with its {@link #keys}: nothing to replace, so
     * three statements fewer per SCIM create than {@link #write}: one batch of emails and, when the user has attributes
     * without columns, one batch of their values.
     */
    void writeRowsOfNewUser(String userId, String connectionId, UserProfile profile) {
        insertEmails(userId, connectionId, profile);
        insertAttributeValues(userId, connectionId, profile);
    }

    /**
     * {@link #write} for a user whose {@code scim_user} row a rebuild in sets holds ({@link HeldUserRows}, with the
     * keys): the batch deleted the user's stored rows before applying its events, so only the collected ones change.
     */
    void rewriteCollected(String userId, String connectionId, UserProfile profile) {
        dropCollected(userId, true, true);
        writeRowsOfNewUser(userId, connectionId, profile);
    }

    /** The V17 part: key columns and email rows ({@link UserSearchColumnsBackfill} runs before V74 exists). */
    void writeKeysAndEmails(String userId, String connectionId, UserProfile profile) {
        writeKeysAndEmails(userId, connectionId, profile, true);
    }

    /** @param withDisplay false for the V18 backfill, which runs before V77 adds the display and position columns */
    void writeKeysAndEmails(String userId, String connectionId, UserProfile profile, boolean withDisplay) {
        Object[] keys = keys(profile);
        Object[] parameters = Arrays.copyOf(keys, keys.length + 1);
        parameters[keys.length] = userId;
        jdbc.update("UPDATE scim_user SET " + SET_KEYS + " WHERE user_id = ?", parameters);
        dropCollected(userId, true, false);
        jdbc.update("DELETE FROM scim_user_email WHERE user_id = ?", userId);
        if (withDisplay) {
            insertEmails(userId, connectionId, profile);
        } else {
            jdbc.batchUpdate(
                    "INSERT INTO scim_user_email (user_id, connection_id, value_key, email_value, type, primary_email)"
                            + " VALUES (?, ?, ?, ?, ?, ?)",
                    profile.emails().stream()
                            .map(email -> new Object[] {
                                userId, connectionId, key(email.value()), email.value(), email.type(), email.primary()
                            })
                            .toList());
        }
    }

    /** The values of {@link #KEY_COLUMNS} for the profile. */
    static Object[] keys(UserProfile profile) {
        PersonName name = profile.name();
        EnterpriseAttributes enterprise = profile.enterprise();
        return new Object[] {
            key(profile.displayName()),
            key(profile.primaryEmail()),
            key(name, PersonName::givenName),
            key(name, PersonName::familyName),
            key(name, PersonName::formatted),
            key(enterprise, EnterpriseAttributes::employeeNumber),
            key(enterprise, EnterpriseAttributes::costCenter),
            key(enterprise, EnterpriseAttributes::organization),
            key(enterprise, EnterpriseAttributes::division),
            key(enterprise, EnterpriseAttributes::department),
            key(enterprise, EnterpriseAttributes::managerId)
        };
    }

    /** One row per email, with its display and its position in the list (the first sorts when none is primary). */
    private void insertEmails(String userId, String connectionId, UserProfile profile) {
        List<Object[]> rows = new ArrayList<>();
        List<EmailAddress> emails = profile.emails();
        List<?> sent = profile.attributes().get("emails") instanceof List<?> values ? values : List.of();
        for (int i = 0; i < emails.size(); i++) {
            EmailAddress email = emails.get(i);
            Object display = i < sent.size() && sent.get(i) instanceof Map<?, ?> value ? value.get("display") : null;
            rows.add(new Object[] {
                userId,
                connectionId,
                key(email.value()),
                email.value(),
                email.type(),
                email.primary(),
                display instanceof String text ? text : null,
                i
            });
        }
        Collected collected = collected();
        if (collected != null) {
            collected.emails().computeIfAbsent(userId, id -> new ArrayList<>()).addAll(rows);
            return;
        }
        jdbc.batchUpdate("INSERT INTO scim_user_email (" + EMAIL_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows);
    }

    private Collected collected() {
        return AggregateSetRebuild.ofThisBatch(
                UserSearchColumns.class.getName(),
                () -> new Collected(new LinkedHashMap<>(), new LinkedHashMap<>()),
                rows -> {
                    MultiRowInsert.insert(jdbc, "scim_user_email", EMAIL_COLUMNS, flat(rows.emails()));
                    MultiRowInsert.insert(jdbc, "scim_user_attribute_value", VALUE_COLUMNS, flat(rows.values()));
                });
    }

    private static List<Object[]> flat(Map<String, List<Object[]>> byUser) {
        return byUser.values().stream().flatMap(List::stream).toList();
    }

    /** Drops the user's collected rows of a rebuild in sets, where the stored ones are deleted. */
    private void dropCollected(String userId, boolean emails, boolean values) {
        Collected collected = collected();
        if (collected != null) {
            if (emails) {
                collected.emails().remove(userId);
            }
            if (values) {
                collected.values().remove(userId);
            }
        }
    }

    /** The user's email and attribute-value rows: gone with an erased user's row, or cleared for a rebuild to write anew. */
    void delete(String userId) {
        dropCollected(userId, true, true);
        jdbc.update("DELETE FROM scim_user_email WHERE user_id = ?", userId);
        jdbc.update("DELETE FROM scim_user_attribute_value WHERE user_id = ?", userId);
    }

    /** {@link #delete(String)} for several users, a statement per table. */
    void delete(List<String> userIds) {
        String in = " WHERE user_id IN (" + SqlLists.placeholders(userIds.size()) + ")";
        jdbc.update("DELETE FROM scim_user_email" + in, userIds.toArray());
        jdbc.update("DELETE FROM scim_user_attribute_value" + in, userIds.toArray());
    }

    /** The V74 part: one row per value of an attribute without a column ({@link AttributeValuesBackfill}). */
    void writeAttributeValues(String userId, String connectionId, UserProfile profile) {
        dropCollected(userId, false, true);
        jdbc.update("DELETE FROM scim_user_attribute_value WHERE user_id = ?", userId);
        insertAttributeValues(userId, connectionId, profile);
    }

    private void insertAttributeValues(String userId, String connectionId, UserProfile profile) {
        List<Object[]> rows = UserAttributeRows.of(profile).stream()
                .map(row -> new Object[] {
                    userId,
                    connectionId,
                    row.attribute(),
                    row.sub(),
                    row.element(),
                    row.valueKey(),
                    row.exact(),
                    row.number()
                })
                .toList();
        if (rows.isEmpty()) {
            return;
        }
        Collected collected = collected();
        if (collected != null) {
            collected.values().computeIfAbsent(userId, id -> new ArrayList<>()).addAll(rows);
            return;
        }
        jdbc.batchUpdate(
                "INSERT INTO scim_user_attribute_value (" + VALUE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows);
    }

    /** Lower-cased for case-insensitive comparison; blank means no value, so it sorts with the absent ones. */
    static String key(String value) {
        return value == null || value.isBlank() ? null : value.toLowerCase(Locale.ROOT);
    }

    private static <T> String key(T part, Function<T, String> attribute) {
        return part == null ? null : key(attribute.apply(part));
    }
}
