package io.dirsync.command.group;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the command side's own user_registration, in the command's transaction, in chunks for large lists.
 * The users are found by their ids alone and their connection compared here: with the connection in the query, a
 * PostgreSQL without statistics yet (a new installation, a restored dump) read all of the connection's registrations
 * through the userName index instead of looking up the ids (JdbcGroupMemberDirectoryPlanTest).
 */
@Component
class JdbcGroupMemberDirectory implements GroupMemberDirectory {
    static final String LIVE_USERS_BY_ID =
            "SELECT user_id, connection_id FROM user_registration WHERE user_id IN (:ids) AND NOT deleted";
    private static final int CHUNK = 500;
    private final NamedParameterJdbcTemplate jdbc;

    JdbcGroupMemberDirectory(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<String> unknownUsers(String connectionId, Collection<String> userIds) {
        List<String> ids = new ArrayList<>(userIds);
        Set<String> known = new HashSet<>();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            jdbc.query(
                    LIVE_USERS_BY_ID,
                    new MapSqlParameterSource("ids", ids.subList(from, Math.min(ids.size(), from + CHUNK))),
                    row -> {
                        if (connectionId.equals(row.getString("connection_id"))) {
                            known.add(row.getString("user_id"));
                        }
                    });
        }
        return ids.stream().filter(id -> !known.contains(id)).toList();
    }
}
