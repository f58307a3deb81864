package io.dirsync.query.directoryuser;

import io.dirsync.api.user.UserDeactivatedEvent;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UserSequencingPolicyTest {
    private final UserSequencingPolicy policy = new UserSequencingPolicy();

    @Test
    void eventsOfTheUserAggregateAreSequencedByTheirAggregateIdWithoutOpeningTheirPayload() {
        var sealed = new GenericDomainEventMessage<>("User", "user-1", 3, "payload") {
            @Override
            public String getPayload() {
                throw new AssertionError("the sealed payload was opened to sequence the event");
            }
        };

        assertThat(policy.getSequenceIdentifierFor(sealed)).isEqualTo("user-1");
    }

    @Test
    void eventsOfOtherAggregatesAreSequencedByTheUserTheyNameInTheirPayload() {
        var membership = new GenericDomainEventMessage<>(
                "Group", "group-9", 0, new UserDeactivatedEvent("user-2", "conn-1", "PATCH"));

        assertThat(policy.getSequenceIdentifierFor(membership)).isEqualTo("user-2");
    }

    @Test
    void eventsWithoutAUserAreSequencedByTheirAggregateOrTheirOwnId() {
        assertThat(policy.getSequenceIdentifierFor(
                        new GenericDomainEventMessage<>("Connection", "conn-1", 0, "created")))
                .isEqualTo("conn-1");
        var plain = GenericEventMessage.asEventMessage("tick");
        assertThat(policy.getSequenceIdentifierFor(plain)).isEqualTo(plain.getIdentifier());
    }
}
