package io.dirsync.command.group;

import io.dirsync.api.group.CreateGroupCommand;
import io.dirsync.api.group.GroupState;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/** Creates groups and answers with their state: an aggregate's creating constructor can only answer its id. */
@Component
public class GroupCreation {
    private final Repository<Group> groups;
    private final GroupMemberDirectory directory;

    public GroupCreation(Repository<Group> groups, GroupMemberDirectory directory) {
        this.groups = groups;
        this.directory = directory;
    }

    @CommandHandler
    public GroupState handle(CreateGroupCommand command) throws Exception {
        return groups.newInstance(() -> new Group(command, directory)).invoke(Group::state);
    }
}
