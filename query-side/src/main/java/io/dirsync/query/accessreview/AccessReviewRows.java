package io.dirsync.query.accessreview;

import com.fasterxml.jackson.databind.util.RawValue;
import io.dirsync.api.rolemapping.RoleSource;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The rows of an access review as the API shows them, from the columns {@link AccessReviewQueries} selects. Every row
 * cites the events behind it: {@code event*} the one that set the status, membership or change, {@code roleEvent*},
 * {@code publicMetadataEvent*} and {@code groupEvent*} the ones that set the role, the publicMetadata (a JSON object,
 * as JSON text in CSV; null for an erased user) and the group's name. A {@code metadata-changed} change row carries the
 * publicMetadata before and after it ({@code oldPublicMetadata}, {@code newPublicMetadata}).
 */
final class AccessReviewRows {
    static final List<String> USER_COLUMNS = List.of(
            "userId",
            "status",
            "deletedByIdp",
            "erased",
            "userName",
            "email",
            "givenName",
            "familyName",
            "since",
            "eventAggregateId",
            "eventSequence",
            "eventPosition",
            "eventType",
            "role",
            "roleSource",
            "mappedFromGroupId",
            "roleSince",
            "roleEventAggregateId",
            "roleEventSequence",
            "roleEventPosition",
            "publicMetadata",
            "publicMetadataSince",
            "publicMetadataEventAggregateId",
            "publicMetadataEventSequence",
            "publicMetadataEventPosition",
            "publicMetadataEventType",
            "groupIds",
            "groupNames",
            "groupEventPositions");
    static final List<String> MEMBERSHIP_COLUMNS = List.of(
            "groupId",
            "displayName",
            "groupSince",
            "groupEventAggregateId",
            "groupEventSequence",
            "groupEventPosition",
            "userId",
            "userName",
            "status",
            "role",
            "roleSource",
            "mappedFromGroupId",
            "memberSince",
            "eventAggregateId",
            "eventSequence",
            "eventPosition",
            "eventType");
    static final List<String> CHANGE_COLUMNS = List.of(
            "at",
            "kind",
            "userId",
            "userName",
            "groupId",
            "groupName",
            "oldRole",
            "newRole",
            "roleSource",
            "mappedFromGroupId",
            "oldPublicMetadata",
            "newPublicMetadata",
            "reason",
            "eventAggregateId",
            "eventSequence",
            "eventPosition",
            "eventType");
    static final ReviewRow.Columns USER = new ReviewRow.Columns(USER_COLUMNS);
    static final ReviewRow.Columns MEMBERSHIP = new ReviewRow.Columns(MEMBERSHIP_COLUMNS);
    static final ReviewRow.Columns CHANGE = new ReviewRow.Columns(CHANGE_COLUMNS);

    private AccessReviewRows() {}

    /** A user's first row; its groups are added from this row and the ones after it with the same user id. */
    static Map<String, Object> user(ResultSet rs) throws SQLException {
        Map<String, Object> row = new ReviewRow(USER);
        row.put("userId", rs.getString(1));
        row.put("status", rs.getString(2));
        row.put("deletedByIdp", rs.getBoolean(3));
        row.put("erased", rs.getBoolean(4));
        row.put("userName", rs.getString(5));
        row.put("email", rs.getString(6));
        row.put("givenName", rs.getString(7));
        row.put("familyName", rs.getString(8));
        row.put("since", instant(rs.getTimestamp(9)));
        row.put("eventAggregateId", rs.getString(10));
        row.put("eventSequence", rs.getLong(11));
        row.put("eventPosition", rs.getLong(12));
        row.put("eventType", rs.getString(13));
        row.put("role", rs.getString(14));
        row.put("roleSource", source(rs.getString(15)));
        row.put("mappedFromGroupId", rs.getString(16));
        row.put("roleSince", instant(rs.getTimestamp(17)));
        row.put("roleEventAggregateId", rs.getString(18));
        row.put("roleEventSequence", (Long) rs.getObject(19, Long.class));
        row.put("roleEventPosition", (Long) rs.getObject(20, Long.class));
        String metadata = rs.getString(24);
        row.put("publicMetadata", metadata == null ? null : new RawValue(metadata));
        row.put("publicMetadataSince", instant(rs.getTimestamp(25)));
        row.put("publicMetadataEventAggregateId", rs.getString(26));
        row.put("publicMetadataEventSequence", (Long) rs.getObject(27, Long.class));
        row.put("publicMetadataEventPosition", (Long) rs.getObject(28, Long.class));
        row.put("publicMetadataEventType", rs.getString(29));
        row.put("groupIds", new ArrayList<String>());
        row.put("groupNames", new ArrayList<String>());
        row.put("groupEventPositions", new ArrayList<Long>());
        return row;
    }

    @SuppressWarnings("unchecked")
    static void addGroup(Map<String, Object> user, ResultSet rs) throws SQLException {
        if (rs.getString(21) != null) {
            ((List<String>) user.get("groupIds")).add(rs.getString(21));
            ((List<String>) user.get("groupNames")).add(rs.getString(22));
            ((List<Long>) user.get("groupEventPositions")).add(rs.getLong(23));
        }
    }

    static Map<String, Object> membership(ResultSet rs) throws SQLException {
        Map<String, Object> row = new ReviewRow(MEMBERSHIP);
        row.put("groupId", rs.getString(1));
        row.put("displayName", rs.getString(2));
        row.put("groupSince", instant(rs.getTimestamp(3)));
        row.put("groupEventAggregateId", rs.getString(4));
        row.put("groupEventSequence", rs.getLong(5));
        row.put("groupEventPosition", rs.getLong(6));
        row.put("userId", rs.getString(7));
        row.put("userName", rs.getString(8));
        row.put("status", rs.getString(9));
        row.put("role", rs.getString(10));
        row.put("roleSource", source(rs.getString(11)));
        row.put("mappedFromGroupId", rs.getString(12));
        row.put("memberSince", instant(rs.getTimestamp(13)));
        row.put("eventAggregateId", rs.getString(14));
        row.put("eventSequence", (Long) rs.getObject(15, Long.class));
        row.put("eventPosition", (Long) rs.getObject(16, Long.class));
        row.put("eventType", rs.getString(17));
        return row;
    }

    static Map<String, Object> change(ResultSet rs) throws SQLException {
        Map<String, Object> row = new ReviewRow(CHANGE);
        String kind = rs.getString(3);
        String eventType = rs.getString(15);
        String source = source(rs.getString(10));
        row.put("at", instant(rs.getTimestamp(1)));
        row.put("kind", kind);
        row.put("userId", rs.getString(4));
        row.put("userName", rs.getString(5));
        row.put("groupId", rs.getString(6));
        row.put("groupName", rs.getString(7));
        row.put("oldRole", rs.getString(8));
        row.put("newRole", rs.getString(9));
        row.put("roleSource", source);
        row.put("mappedFromGroupId", rs.getString(11));
        row.put("oldPublicMetadata", json(rs.getString(16)));
        row.put("newPublicMetadata", json(rs.getString(17)));
        row.put("reason", reason(kind, eventType, source, rs.getString(12), rs.getLong(2)));
        row.put("eventAggregateId", rs.getString(13));
        row.put("eventSequence", rs.getLong(14));
        row.put("eventPosition", rs.getLong(2));
        row.put("eventType", eventType);
        return row;
    }

    /** Why a role or publicMetadata changed or a membership ended, where the row alone does not say it. */
    private static String reason(String kind, String eventType, String source, String mappedGroupName, long position) {
        if (kind.equals("left") && "GroupDeletedEvent".equals(eventType)) {
            return "group deleted";
        }
        if (kind.equals("metadata-changed")) {
            return metadataReason(eventType, position);
        }
        if (!kind.equals("role-changed")) {
            return null;
        }
        if (source == null) {
            return "no role";
        }
        return switch (source) {
            case "mapping" -> mappedGroupName == null ? "mapped from a group" : "mapped from group " + mappedGroupName;
            case "default" -> "the organization's default role";
            case "manual" -> "set by an admin";
            default -> source;
        };
    }

    /** The event that recomputed or set a user's publicMetadata says why: the IdP, an admin, or a mapping change. */
    private static String metadataReason(String eventType, long position) {
        return switch (eventType) {
            case "PublicMetadataEditedEvent" -> "edited by an admin";
            case "AttributeMappingsReplacedEvent" -> "recomputed by the attribute mapping change at #" + position;
            case "DirectorySyncEnabledEvent" -> "recomputed when directory sync was enabled again at #" + position;
            default -> "profile or status change from the IdP";
        };
    }

    /** A JSON object column as itself in JSON and NDJSON (its text in CSV). */
    private static RawValue json(String stored) {
        return stored == null ? null : new RawValue(stored);
    }

    /** How each stored role source is shown; none is shown as no source. */
    private static final Map<String, String> SOURCES = Arrays.stream(RoleSource.values())
            .filter(source -> source != RoleSource.NONE)
            .collect(Collectors.toUnmodifiableMap(
                    Enum::name, source -> source.name().toLowerCase(Locale.ROOT)));

    private static String source(String stored) {
        return stored == null ? null : SOURCES.get(stored);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
