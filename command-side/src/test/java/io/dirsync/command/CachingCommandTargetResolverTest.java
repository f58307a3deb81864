package io.dirsync.command;

import io.dirsync.api.rolemapping.ResolveMemberRoleCommand;
import io.dirsync.api.rolemapping.RoleSource;
import io.dirsync.api.user.DeleteUserCommand;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cached resolver answers what Axon's own annotation resolver answers, for every shape of command. */
class CachingCommandTargetResolverTest {
    private final CachingCommandTargetResolver cached = new CachingCommandTargetResolver();
    private final AnnotationCommandTargetResolver axons =
            AnnotationCommandTargetResolver.builder().build();

    record Versioned(
            @TargetAggregateIdentifier String id,
            @TargetAggregateVersion long version) {}

    record VersionAsText(
            @TargetAggregateIdentifier String id,
            @TargetAggregateVersion String version) {}

    static final class FieldTarget {
        @TargetAggregateIdentifier
        private final String id;

        FieldTarget(String id) {
            this.id = id;
        }
    }

    static final class MethodTarget {
        @TargetAggregateIdentifier
        String target() {
            return "by-method";
        }
    }

    record Untargeted(String id) {}

    @Test
    void answersAsAxonsResolverForRecordsFieldsMethodsAndVersions() {
        List<Object> commands = List.of(
                new ResolveMemberRoleCommand("m-1", "u-1", "c-1", "o-1", "admin", RoleSource.MAPPING, "g-1"),
                new DeleteUserCommand("u-2", "c-1", 7L),
                new Versioned("v-1", 3),
                new VersionAsText("v-2", "12"),
                new FieldTarget("by-field"),
                new MethodTarget());
        for (Object command : commands) {
            CommandMessage<?> message = GenericCommandMessage.asCommandMessage(command);
            // twice: the second answer comes from what the first found
            for (int attempt = 0; attempt < 2; attempt++) {
                VersionedAggregateIdentifier answer = cached.resolveTarget(message);
                VersionedAggregateIdentifier expected = axons.resolveTarget(message);
                assertThat(answer.getIdentifier()).as(command.toString()).isEqualTo(expected.getIdentifier());
                assertThat(answer.getVersion()).as(command.toString()).isEqualTo(expected.getVersion());
            }
        }
        assertThat(cached.resolveTarget(GenericCommandMessage.asCommandMessage(new VersionAsText("v-2", "12")))
                        .getVersion())
                .isEqualTo(12L);
    }

    @Test
    void aCommandWithoutTargetOrWithANullOneIsRefusedAsAxonRefusesIt() {
        for (Object command : List.of(new Untargeted("x"), new Versioned(null, 1))) {
            CommandMessage<?> message = GenericCommandMessage.asCommandMessage(command);
            assertThatThrownBy(() -> axons.resolveTarget(message)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> cached.resolveTarget(message))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("does not identify the target aggregate");
        }
    }
}
