package io.dirsync.query.attributemapping;

import io.dirsync.api.attributemapping.AttributeMappingsReplacedEvent;
import io.dirsync.api.user.UserDeletedEvent;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionSequencingPolicyTest {
    private final ConnectionSequencingPolicy policy = new ConnectionSequencingPolicy();

    @Test
    void aConnectionsMappingChangeAndItsUsersEventsShareOneSequence() {
        Object mappings = policy.getSequenceIdentifierFor(new GenericDomainEventMessage<>(
                "Connection", "conn-1", 3, new AttributeMappingsReplacedEvent("conn-1", List.of())));
        Object user = policy.getSequenceIdentifierFor(
                new GenericDomainEventMessage<>("User", "user-9", 0, new UserDeletedEvent("user-9", "conn-1")));
        Object otherConnection = policy.getSequenceIdentifierFor(
                new GenericDomainEventMessage<>("User", "user-8", 0, new UserDeletedEvent("user-8", "conn-2")));

        assertThat(user).isEqualTo(mappings);
        assertThat(otherConnection).isNotEqualTo(mappings);
    }

    @Test
    void eventsWithoutAConnectionFallBackToTheirAggregate() {
        assertThat(policy.getSequenceIdentifierFor(
                        new GenericDomainEventMessage<>("Organization", "org-1", 0, "not a record")))
                .isEqualTo("org-1");
        assertThat(policy.getSequenceIdentifierFor(
                        new GenericDomainEventMessage<>("User", "user-1", 0, new UserDeletedEvent("user-1", null))))
                .isEqualTo("user-1");
        assertThat(policy.getSequenceIdentifierFor(GenericEventMessage.asEventMessage("no aggregate")))
                .as("as Axon's per-aggregate policy: no order required")
                .isNull();
    }
}
