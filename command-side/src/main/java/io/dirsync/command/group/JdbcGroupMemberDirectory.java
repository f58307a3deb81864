package io.dirsync.command.group;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads the command side's own user_registration, in the command's transaction, in chunks for large lists. */
@Component
class JdbcGroupMemberDirectory implements GroupMemberDirectory {
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
            known.addAll(jdbc.queryForList("SELECT user_id FROM user_registration WHERE connection_id = :connection"
                            + " AND NOT deleted AND user_id IN (:ids)",
                    new MapSqlParameterSource("connection", connectionId).addValue("ids", ids.subList(from, Math.min(ids.size(), from + CHUNK))),
                    String.class));
        }
        return ids.stream().filter(id -> !known.contains(id)).toList();
    }
}
