package io.dirsync.app.erasure;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.api.group.GroupCreatedEvent;
import io.dirsync.api.user.EmailAddress;
import io.dirsync.api.user.UserDeactivatedEvent;
import io.dirsync.api.user.UserProfile;
import io.dirsync.api.user.UserProvisionedEvent;
import io.dirsync.command.erasure.UserDataKeys;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The first message of a processor's batch reads the keys of the batch's sealed user events, once. */
class BatchKeyPrefetchTest {
    private final List<List<String>> prefetched = new ArrayList<>();
    private final UserDataKeys keys = new UserDataKeys() {
        private final MapUserDataKeys stored = new MapUserDataKeys();

        @Override
        public byte[] obtain(String userId) {
            return stored.obtain(userId);
        }

        @Override
        public Optional<byte[]> find(String userId) {
            return stored.find(userId);
        }

        @Override
        public void destroy(String userId) {
            stored.destroy(userId);
        }

        @Override
        public void prefetch(Collection<String> userIds) {
            prefetched.add(List.copyOf(userIds));
        }
    };
    private final BatchKeyPrefetch prefetch =
            new BatchKeyPrefetch(keys, new PersonalDataEnvelope(keys, new ObjectMapper()));
    private int handled;

    @Test
    void aBatchPrefetchesTheKeysOfItsSealedEventsBeforeItsFirstHandler() throws Exception {
        run(List.of(
                user("u1", new UserProvisionedEvent("u1", "c1", profile("ada"), true)),
                group("g1", new GroupCreatedEvent("g1", "c1", "Admins", null)),
                user("u1", new UserDeactivatedEvent("u1", "c1", "PATCH")),
                user("u2", new UserProvisionedEvent("u2", "c1", profile("grace"), true))));

        assertThat(prefetched).containsExactly(List.of("u1", "u2"));
        assertThat(handled).isEqualTo(4);
    }

    @Test
    void aBatchOfOneOrWithoutSealedEventsLooksEachUpAsBefore() throws Exception {
        run(List.of(user("u1", new UserProvisionedEvent("u1", "c1", profile("ada"), true))));
        run(List.of(
                user("u1", new UserDeactivatedEvent("u1", "c1", "PATCH")),
                group("g1", new GroupCreatedEvent("g1", "c1", "Admins", null))));

        assertThat(prefetched).isEmpty();
        assertThat(handled).isEqualTo(3);
    }

    private void run(List<EventMessage<?>> events) throws Exception {
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(events);
        batch.executeWithResult(() -> prefetch.handle(batch, () -> ++handled));
    }

    private static EventMessage<?> user(String userId, Object payload) {
        return new GenericDomainEventMessage<>("User", userId, 0, payload);
    }

    private static EventMessage<?> group(String groupId, Object payload) {
        return new GenericDomainEventMessage<>("Group", groupId, 0, payload);
    }

    private static UserProfile profile(String name) {
        String email = name + "@example.com";
        return new UserProfile(email, null, null, null, List.of(new EmailAddress(email, "work", true)), null, Map.of());
    }
}
