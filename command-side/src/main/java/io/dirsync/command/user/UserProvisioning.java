package io.dirsync.command.user;

import io.dirsync.api.user.ProvisionUserCommand;
import io.dirsync.api.user.UserNameTakenException;
import io.dirsync.api.user.UserState;
import io.dirsync.command.erasure.UserDataKeys;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.UUID;

/**
 * A SCIM POST names no aggregate: this handler decides whether it creates a new directory user or brings
 * back one the IdP deleted (same userName, or same externalId), per the contract. A new user's data key is created
 * here, where the id is chosen, so sealing the first event finds it without a query.
 */
@Component
public class UserProvisioning {
    private final Repository<User> users;
    private final UserRegistry registry;
    private final UserDataKeys keys;

    public UserProvisioning(Repository<User> users, UserRegistry registry, UserDataKeys keys) {
        this.users = users;
        this.registry = registry;
        this.keys = keys;
    }

    @CommandHandler
    public UserState handle(ProvisionUserCommand command) throws Exception {
        String connectionId = command.connectionId();
        Optional<UserRegistry.Registration> existing = registry.findByUserName(
                        connectionId, command.profile().userName())
                .or(() -> Optional.ofNullable(command.profile().externalId())
                        .flatMap(externalId -> registry.findDeletedByExternalId(connectionId, externalId)));
        if (existing.isPresent()) {
            if (!existing.get().deleted()) {
                throw new UserNameTakenException(command.profile().userName());
            }
            return users.load(existing.get().userId()).invoke(user -> user.reprovision(command, registry));
        }
        String userId = UUID.randomUUID().toString();
        keys.createForNewUser(userId);
        Aggregate<User> created = users.newInstance(() -> new User(userId, command, registry));
        return created.invoke(User::state);
    }
}
