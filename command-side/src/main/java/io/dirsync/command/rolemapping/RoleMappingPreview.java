package io.dirsync.command.rolemapping;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dirsync.api.connection.UnknownConnectionException;
import io.dirsync.api.rolemapping.FindMemberNamesQuery;
import io.dirsync.api.rolemapping.MemberNames;
import io.dirsync.api.rolemapping.RoleMapping;
import io.dirsync.api.rolemapping.RoleSource;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which members' roles a proposed mapping list would change. It asks the resolver's own rule
 * ({@link RoleResolutionState.Facts#resolvedWith}) about the resolver's own facts (the rm_* tables), with the
 * proposal in place of the saved mappings, so a preview and the resolver cannot disagree. It only reads.
 */
@Component
public class RoleMappingPreview {
    private final DirectoryCatalog catalog;
    private final RoleResolutionState state;
    private final QueryGateway queries;

    public RoleMappingPreview(DirectoryCatalog catalog, RoleResolutionState state, QueryGateway queries) {
        this.catalog = catalog;
        this.state = state;
        this.queries = queries;
    }

    /** A role and why, as the members list shows it; all null for a member holding none (deactivated, or not resolved yet). */
    public record Role(String role, String roleSource, String mappedFromGroupId) {
        static Role of(RoleResolution.Assignment assignment) {
            if (assignment == null || assignment.source() == RoleSource.NONE) {
                return new Role(null, null, null);
            }
            return new Role(
                    assignment.role(), assignment.source().name().toLowerCase(Locale.ROOT), assignment.mappedGroupId());
        }
    }

    /** @param from what the member holds now; @param to what the resolver would give it under the proposal */
    public record Change(String userId, String userName, Role from, Role to) {}

    /** @param detail why nothing is predicted, when sync is disabled */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(String connectionId, boolean syncEnabled, List<Change> changes, String detail) {}

    /** Checks the proposal as PUT does (same failures), then predicts. */
    public Result preview(String connectionId, List<RoleMapping> proposal) {
        if (!catalog.connectionExists(connectionId)) {
            throw new UnknownConnectionException(connectionId);
        }
        RoleMappingRules.check(
                connectionId, catalog.organizationOf(connectionId).orElse(null), proposal, catalog);
        if (!catalog.syncEnabled(connectionId)) {
            // the resolver leaves roles alone while sync is off; on enable it resolves with whatever mappings are saved
            // then
            return new Result(
                    connectionId,
                    false,
                    List.of(),
                    "Directory sync is disabled for this connection: mappings decide no"
                            + " role until it is enabled again, and every member's role is editable by hand until then");
        }
        List<RoleResolutionState.Facts> changed = state.connectionFacts(connectionId).stream()
                .filter(facts -> !facts.resolvedWith(proposal).equals(facts.current()))
                .toList();
        Map<String, String> names = changed.isEmpty()
                ? Map.of()
                : queries.query(
                                new FindMemberNamesQuery(changed.stream()
                                        .map(RoleResolutionState.Facts::userId)
                                        .toList()),
                                MemberNames.class)
                        .join()
                        .byUserId();
        List<Change> changes = changed.stream()
                .map(facts -> new Change(
                        facts.userId(),
                        names.get(facts.userId()),
                        Role.of(facts.current()),
                        Role.of(facts.resolvedWith(proposal))))
                .sorted(Comparator.comparing((Change change) -> change.userName() == null
                                ? ""
                                : change.userName().toLowerCase(Locale.ROOT))
                        .thenComparing(Change::userId))
                .toList();
        return new Result(connectionId, true, changes, null);
    }
}
