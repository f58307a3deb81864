package io.dirsync.query.accessreview;

import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Map;

/**
 * The rows of an access review, handed one at a time to a {@link Sink} that may stop them: the API streams them to
 * the client, the admin web UI shows the first ones that match its filters.
 */
@Component
public class AccessReviews {
    private final AccessReviewQueries queries;

    public AccessReviews(AccessReviewQueries queries) {
        this.queries = queries;
    }

    /** Takes rows as they are read. */
    public interface Sink {
        /** @return false to stop reading */
        boolean accept(Map<String, Object> row);
    }

    public boolean connectionExists(String connectionId) {
        return queries.connectionExists(connectionId);
    }

    /** Users at {@code at} after {@code afterUserId}, at most {@code pageSize}; a user's groups are gathered into its row. */
    @SuppressWarnings("unchecked")
    public void users(String connectionId, Instant at, String afterUserId, int pageSize, Sink sink) {
        Map<String, Object>[] current = new Map[1];
        int[] written = {0};
        boolean[] stopped = {false};
        queries.users(connectionId, at, afterUserId, rs -> {
            if (current[0] == null || !current[0].get("userId").equals(rs.getString(1))) {
                if (current[0] != null && (!sink.accept(current[0]) || ++written[0] >= pageSize)) {
                    stopped[0] = true;
                    return false;
                }
                current[0] = AccessReviewRows.user(rs);
            }
            AccessReviewRows.addGroup(current[0], rs);
            return true;
        });
        if (current[0] != null && !stopped[0]) {
            sink.accept(current[0]);
        }
    }

    /** Group-and-member rows at {@code at} of at most {@code pageSize} groups after {@code afterGroupId}. */
    public void memberships(String connectionId, Instant at, String afterGroupId, int pageSize, Sink sink) {
        String[] lastGroup = {null};
        int[] groups = {0};
        queries.memberships(connectionId, at, afterGroupId, rs -> {
            if (!rs.getString(1).equals(lastGroup[0])) {
                if (groups[0] >= pageSize) {
                    return false;
                }
                groups[0]++;
                lastGroup[0] = rs.getString(1);
            }
            return sink.accept(AccessReviewRows.membership(rs));
        });
    }

    /** Changes in ({@code from}, {@code to}] after {@code afterPosition}; a page holds whole events, at most {@code pageSize} rows unless one event has more. */
    public void changes(String connectionId, Instant from, Instant to, long afterPosition, int pageSize, Sink sink) {
        int[] written = {0};
        long[] lastPosition = {-1};
        queries.changes(connectionId, from, to, afterPosition, rs -> {
            Map<String, Object> row = AccessReviewRows.change(rs);
            long position = (Long) row.get("eventPosition");
            if (written[0] >= pageSize && position != lastPosition[0]) {
                return false;
            }
            written[0]++;
            lastPosition[0] = position;
            return sink.accept(row);
        });
    }
}
