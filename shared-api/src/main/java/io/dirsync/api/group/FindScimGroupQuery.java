package io.dirsync.api.group;

/**
 * Answers the group's {@link GroupState}, or nothing when it does not exist in this connection.
 *
 * @param withMembers false when the client excluded members: large groups are not read at all then
 */
public record FindScimGroupQuery(String connectionId, String groupId, boolean withMembers) {}
