package io.dirsync.app.ui.user;

import io.dirsync.api.audit.ListEventsQuery;
import io.dirsync.api.audit.LoggedEvent;
import io.dirsync.api.rolemapping.AssignMemberRoleCommand;
import io.dirsync.api.rolemapping.MembershipIds;
import io.dirsync.api.session.ListUserSessionsQuery;
import io.dirsync.api.session.UserSession;
import io.dirsync.app.ui.AdminReads;
import io.dirsync.query.audit.UserLookup;
import io.dirsync.query.audit.UserSnapshot;
import io.dirsync.query.support.Queries;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimType;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One user: attributes, publicMetadata, groups, role and why, sessions and the event history; "as of" an
 * instant it is rebuilt from the events up to then, by the same time machine as {@code GET /api/users/{id}?asOf=}.
 */
@Controller
public class UserPage {
    private final UserLookup users;
    private final AdminReads reads;
    private final QueryGateway queries;
    private final CommandGateway commands;

    public UserPage(UserLookup users, AdminReads reads, QueryGateway queries, CommandGateway commands) {
        this.users = users;
        this.reads = reads;
        this.queries = queries;
        this.commands = commands;
    }

    @GetMapping("/admin/users/{userId}")
    public String show(
            @PathVariable String userId,
            @RequestParam(required = false) String asOf,
            @RequestParam(required = false) String asOfPrecision,
            Model model) {
        Instant at = asOf(asOf, "second".equals(asOfPrecision));
        UserSnapshot user = users.find(userId, at);
        AdminReads.ConnectionView connection = reads.connection(user.connectionId());
        List<LoggedEvent> history = Queries.await(queries.query(
                        ListEventsQuery.historyOf(userId, 0, 1000),
                        ResponseTypes.multipleInstancesOf(LoggedEvent.class)))
                .stream()
                .filter(event -> at == null || !event.timestamp().isAfter(at))
                .toList();
        model.addAttribute("user", user);
        model.addAttribute("attributes", AttributeRows.of(user.profile()));
        model.addAttribute("connection", connection);
        model.addAttribute("role", RoleExplanation.of(user, connection.syncEnabled()));
        model.addAttribute(
                "roles", connection.organization().map(org -> org.roles()).orElse(List.of()));
        model.addAttribute("asOf", at);
        model.addAttribute(
                "asOfInput",
                at == null ? "" : LocalDateTime.ofInstant(at, ZoneOffset.UTC).toString());
        model.addAttribute("history", history);
        model.addAttribute(
                "sessions",
                at != null
                        ? List.of()
                        : Queries.await(queries.query(
                                new ListUserSessionsQuery(userId),
                                ResponseTypes.multipleInstancesOf(UserSession.class))));
        model.addAttribute("publicMetadata", user.publicMetadata() == null ? Map.of() : user.publicMetadata());
        model.addAttribute("lockedKeys", connection.syncEnabled() ? reads.mappedKeys(user.connectionId()) : Set.of());
        model.addAttribute("tab", "users");
        return "admin/user";
    }

    /** Refused by the membership itself (409, shown as such) for a mapped role while sync is on. */
    @PostMapping("/admin/users/{userId}/role")
    public String assignRole(@PathVariable String userId, @RequestParam String role) {
        UserSnapshot user = users.find(userId, null);
        String organizationId = reads.connection(user.connectionId()).overview().organizationId();
        if (organizationId == null) {
            throw ScimException.badRequest(ScimType.invalidValue, "This user's connection belongs to no organization");
        }
        commands.sendAndWait(new AssignMemberRoleCommand(MembershipIds.of(userId), userId, organizationId, role));
        return "redirect:/admin/users/" + userId + "?roleSaved";
    }

    /**
     * The instant asked for, a local date and time without a zone (the page labels it UTC); seconds are optional. A value without seconds typed by hand (as in a link) means the whole minute, so events
     * within it count. The page's own picker shows seconds, but Chromium leaves ":00" out of the value it sends, so
     * for the picker ({@code secondsShown}) a value without seconds means second 0 of that minute.
     */
    static Instant asOf(String value, boolean secondsShown) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            LocalDateTime local = LocalDateTime.parse(value);
            boolean minutesOnly = !secondsShown && value.trim().length() == "2026-01-31T12:00".length();
            // a whole minute picked: the end of it, so events within that minute count
            return (minutesOnly ? local.plusMinutes(1).minusNanos(1) : local).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException again) {
                throw ScimException.badRequest(
                        ScimType.invalidValue, "'asOf' must be a date and time such as 2026-01-31T12:00");
            }
        }
    }
}
