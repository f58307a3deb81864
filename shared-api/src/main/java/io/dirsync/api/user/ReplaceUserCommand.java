package io.dirsync.api.user;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A SCIM PUT. {@code expectedVersion} comes from If-Match; null means unconditional.
 *
 * @param active null when the client left it out: the user keeps its status (a PUT that forgets
 *               {@code active} must not re-activate a deactivated user)
 */
public record ReplaceUserCommand(
        @TargetAggregateIdentifier String userId,
        String connectionId,
        UserProfile profile,
        Boolean active,
        Long expectedVersion) {}
