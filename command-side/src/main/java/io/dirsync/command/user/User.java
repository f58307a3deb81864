package io.dirsync.command.user;

import io.dirsync.api.attributemapping.EditPublicMetadataCommand;
import io.dirsync.api.attributemapping.MappedAttributeLockedException;
import io.dirsync.api.attributemapping.PublicMetadataEditedEvent;
import io.dirsync.api.connection.DeletionPolicy;
import io.dirsync.api.scim.InvalidAttributeException;
import io.dirsync.api.scim.VersionMismatchException;
import io.dirsync.api.session.SessionStartedEvent;
import io.dirsync.api.session.SessionsRevokedEvent;
import io.dirsync.api.session.StartSessionCommand;
import io.dirsync.api.session.UserNotActiveException;
import io.dirsync.api.user.DeleteUserCommand;
import io.dirsync.api.user.PatchUserCommand;
import io.dirsync.api.user.ProvisionUserCommand;
import io.dirsync.api.user.ReplaceUserCommand;
import io.dirsync.api.user.UnknownUserException;
import io.dirsync.api.user.UserDeactivatedEvent;
import io.dirsync.api.user.UserDeletedEvent;
import io.dirsync.api.user.UserErasedEvent;
import io.dirsync.api.user.UserNameTakenException;
import io.dirsync.api.user.UserProfile;
import io.dirsync.api.user.UserProfileUpdatedEvent;
import io.dirsync.api.user.UserProvisionedEvent;
import io.dirsync.api.user.UserReactivatedEvent;
import io.dirsync.api.user.UserReprovisionedEvent;
import io.dirsync.api.user.UserState;
import io.dirsync.command.connection.ConnectionPolicies;
import io.dirsync.command.erasure.UserDataKeys;
import io.dirsync.command.rolemapping.DirectoryCatalog;
import io.dirsync.scim.user.ScimUserInput;
import io.dirsync.scim.user.UserPatchEngine;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A directory user of one connection. Decides on SCIM writes; its userName claim lives in the
 * {@link UserRegistry}, checked before an event is applied and written from the events in the same transaction.
 */
@Aggregate
public class User {

    @AggregateIdentifier
    private String userId;

    private String connectionId;
    private UserProfile profile;
    private boolean active;
    private boolean deleted;
    private boolean erased;
    /** Sequence number of the last event that changed the SCIM resource: its ETag. */
    private long version;

    private Instant created;
    private Instant lastModified;
    private final Set<String> sessions = new LinkedHashSet<>();

    /** Called by {@link UserProvisioning} once it has decided that the user is new. */
    User(String userId, ProvisionUserCommand command, UserRegistry registry) {
        requireKnownManager(command.connectionId(), command.profile(), null, registry);
        apply(new UserProvisionedEvent(userId, command.connectionId(), command.profile(), command.active()));
    }

    /** A POST for a user the IdP had deleted: the same directory user comes back. */
    UserState reprovision(ProvisionUserCommand command, UserRegistry registry) {
        requireKnownManager(connectionId, command.profile(), profile, registry);
        apply(new UserReprovisionedEvent(userId, connectionId, command.profile(), command.active()));
        return state();
    }

    @CommandHandler
    public UserState handle(ReplaceUserCommand command, UserRegistry registry) {
        requireCurrent(command.connectionId(), command.expectedVersion());
        changeTo(command.profile(), command.active() == null ? active : command.active(), registry, "PUT");
        return state();
    }

    @CommandHandler
    public UserState handle(
            PatchUserCommand command, UserRegistry registry, UserPatchEngine patchEngine, ConnectionPolicies policies) {
        requireCurrent(command.connectionId(), command.expectedVersion());
        ScimUserInput patched =
                patchEngine.apply(profile, active, command.operations(), policies.unknownAttributes(connectionId));
        changeTo(patched.profile(), patched.active(), registry, "PATCH");
        return state();
    }

    /**
     * Deactivates, and under the connection's erase policy also crypto-shreds: the data key and the userName claim
     * go in this command's transaction, so the DELETE is answered only once nothing can decrypt the profile any
     * more. An erased user is not brought back by a later POST with the same userName: that creates a new user.
     */
    @CommandHandler
    public void handle(DeleteUserCommand command, ConnectionPolicies policies, UserDataKeys keys) {
        requireCurrent(command.connectionId(), command.expectedVersion());
        boolean erase = policies.deletion(connectionId) == DeletionPolicy.ERASE;
        apply(new UserDeletedEvent(userId, connectionId));
        revokeSessions();
        if (erase) {
            keys.destroy(userId);
            apply(new UserErasedEvent(userId, connectionId));
        }
    }

    @CommandHandler
    public void handle(StartSessionCommand command) {
        if (!active) {
            throw new UserNotActiveException(userId);
        }
        apply(new SessionStartedEvent(userId, connectionId, command.sessionId()));
    }

    /**
     * Mapped keys belong to the IdP while sync is on, as mapped roles do; the rest is the admin's. Every named
     * key is recorded, even one that already has that value: which hand edits still show depends on sync
     * switches the query side follows, so the aggregate cannot tell a no-op.
     */
    @CommandHandler
    public PublicMetadataEditedEvent handle(EditPublicMetadataCommand command, DirectoryCatalog catalog) {
        if (erased) {
            // its values would be sealed under a fresh key: personal data again for a user that was erased
            throw new UnknownUserException(userId);
        }
        PublicMetadataEditedEvent edited = PublicMetadataEdit.toEvent(userId, connectionId, command);
        if (catalog.syncEnabled(connectionId)) {
            Set<String> mapped = catalog.mappedAttributes(connectionId);
            List<String> locked =
                    command.changes().keySet().stream().filter(mapped::contains).toList();
            if (!locked.isEmpty()) {
                throw new MappedAttributeLockedException(locked);
            }
        }
        apply(edited);
        return edited;
    }

    private void changeTo(UserProfile newProfile, boolean newActive, UserRegistry registry, String via) {
        if (!newProfile.equals(profile)) {
            requireKnownManager(connectionId, newProfile, profile, registry);
            requireFreeUserName(newProfile.userName(), registry);
            apply(new UserProfileUpdatedEvent(userId, connectionId, newProfile));
        }
        if (active && !newActive) {
            apply(new UserDeactivatedEvent(userId, connectionId, via));
            revokeSessions();
        } else if (!active && newActive) {
            apply(new UserReactivatedEvent(userId, connectionId));
        }
    }

    /**
     * Another live user's userName is taken; a deleted user's is given up when the registry records the change. Only
     * looked up when the name changes other than in case.
     */
    private void requireFreeUserName(String userName, UserRegistry registry) {
        if (UserRegistry.userNameKey(userName).equals(UserRegistry.userNameKey(profile.userName()))) {
            return;
        }
        registry.findByUserName(connectionId, userName)
                .filter(holder -> !holder.deleted() && !holder.userId().equals(userId))
                .ifPresent(holder -> {
                    throw new UserNameTakenException(userName);
                });
    }

    /**
     * A manager must be a current user of the same connection. Checked only when it changes: a user whose manager the
     * IdP deleted later can still be updated. Entra treats the 400 as a reference failure and retries later.
     */
    private static void requireKnownManager(
            String connectionId, UserProfile profile, UserProfile previous, UserRegistry registry) {
        String manager = managerOf(profile);
        if (manager != null && !manager.equals(managerOf(previous)) && !registry.isCurrentUser(connectionId, manager)) {
            throw new InvalidAttributeException(
                    UserProfile.ENTERPRISE_SCHEMA + ":manager.value",
                    "manager.value '" + manager + "' is not a user of this connection");
        }
    }

    private static String managerOf(UserProfile profile) {
        return profile == null || profile.enterprise() == null
                ? null
                : profile.enterprise().managerId();
    }

    /** Deactivation revokes every session at once, in the same unit of work as the deactivation. */
    private void revokeSessions() {
        if (!sessions.isEmpty()) {
            apply(new SessionsRevokedEvent(userId, connectionId, List.copyOf(sessions)));
        }
    }

    /** Another connection's user, or one the IdP deleted, does not exist as far as SCIM is concerned. */
    private void requireCurrent(String requestingConnectionId, Long expectedVersion) {
        if (deleted || !connectionId.equals(requestingConnectionId)) {
            throw new UnknownUserException(userId);
        }
        if (expectedVersion != null && expectedVersion != version) {
            throw new VersionMismatchException(expectedVersion, version);
        }
    }

    UserState state() {
        return new UserState(userId, connectionId, profile, active, version, created, lastModified);
    }

    boolean isDeleted() {
        return deleted;
    }

    @EventSourcingHandler
    void on(UserProvisionedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        this.userId = event.userId();
        this.connectionId = event.connectionId();
        this.profile = event.profile();
        this.active = event.active();
        this.created = at;
        touched(sequence, at);
    }

    @EventSourcingHandler
    void on(UserReprovisionedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        this.profile = event.profile();
        this.active = event.active();
        this.deleted = false;
        touched(sequence, at);
    }

    @EventSourcingHandler
    void on(UserProfileUpdatedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        this.profile = event.profile();
        touched(sequence, at);
    }

    @EventSourcingHandler
    void on(UserDeactivatedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        this.active = false;
        touched(sequence, at);
    }

    @EventSourcingHandler
    void on(UserReactivatedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        this.active = true;
        touched(sequence, at);
    }

    @EventSourcingHandler
    void on(UserDeletedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        this.active = false;
        this.deleted = true;
        touched(sequence, at);
    }

    /** Nothing personal stays in memory either; the user is already deleted, so no command reaches it again. */
    @EventSourcingHandler
    void on(UserErasedEvent event) {
        this.profile = null;
        this.erased = true;
    }

    // sessions are not part of the SCIM resource: they leave its version (the ETag) alone
    @EventSourcingHandler
    void on(SessionStartedEvent event) {
        sessions.add(event.sessionId());
    }

    @EventSourcingHandler
    void on(SessionsRevokedEvent event) {
        event.sessionIds().forEach(sessions::remove);
    }

    private void touched(long sequence, Instant at) {
        this.version = sequence;
        this.lastModified = at;
    }

    /** Axon rebuilds the aggregate from its events through this constructor. */
    protected User() {}
}
