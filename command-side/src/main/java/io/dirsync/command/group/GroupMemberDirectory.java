package io.dirsync.command.group;

import java.util.Collection;
import java.util.List;

/** Which user ids are live users of a connection: the check behind "members must be users of this connection". */
public interface GroupMemberDirectory {

    /** The ids among {@code userIds} that are not live (provisioned and not deleted) users of the connection. */
    List<String> unknownUsers(String connectionId, Collection<String> userIds);
}
