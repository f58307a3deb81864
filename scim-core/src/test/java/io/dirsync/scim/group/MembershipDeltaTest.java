package io.dirsync.scim.group;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class MembershipDeltaTest {
    private final Set<String> current = new LinkedHashSet<>(List.of("u1", "u2", "u3"));
    private final MembershipDelta delta = new MembershipDelta(current);

    @Test
    void addingANewMemberIsAnAddition() {
        delta.add("u4");

        assertThat(delta.added()).containsExactly("u4");
        assertThat(delta.removed()).isEmpty();
        assertThat(delta.members()).containsExactly("u1", "u2", "u3", "u4");
    }

    @Test
    void addingAnExistingMemberChangesNothing() {
        delta.add("u1");

        assertThat(delta.added()).isEmpty();
        assertThat(delta.removed()).isEmpty();
    }

    @Test
    void addingTheSameNewMemberTwiceAddsItOnce() {
        delta.addAll(List.of("u4", "u4"));
        delta.add("u4");

        assertThat(delta.added()).containsExactly("u4");
    }

    @Test
    void removingAMemberIsARemoval() {
        delta.remove("u2");

        assertThat(delta.added()).isEmpty();
        assertThat(delta.removed()).containsExactly("u2");
        assertThat(delta.members()).containsExactly("u1", "u3");
    }

    @Test
    void removingANonMemberChangesNothing() {
        delta.remove("u9");

        assertThat(delta.added()).isEmpty();
        assertThat(delta.removed()).isEmpty();
    }

    @Test
    void removingAMemberTwiceRemovesItOnce() {
        delta.remove("u2");
        delta.remove("u2");

        assertThat(delta.removed()).containsExactly("u2");
    }

    @Test
    void addThenRemoveOfANewMemberChangesNothing() {
        delta.add("u4");
        delta.remove("u4");

        assertThat(delta.added()).isEmpty();
        assertThat(delta.removed()).isEmpty();
        assertThat(delta.members()).containsExactly("u1", "u2", "u3");
    }

    @Test
    void removeThenAddOfAMemberChangesNothing() {
        delta.remove("u2");
        delta.add("u2");

        assertThat(delta.added()).isEmpty();
        assertThat(delta.removed()).isEmpty();
        assertThat(delta.members()).containsExactlyInAnyOrder("u1", "u2", "u3");
    }

    @Test
    void addRemoveAddOfANewMemberIsOneAddition() {
        delta.add("u4");
        delta.remove("u4");
        delta.add("u4");

        assertThat(delta.added()).containsExactly("u4");
        assertThat(delta.removed()).isEmpty();
    }

    @Test
    void removeAllRemovesEveryMemberAndDropsEarlierAdditions() {
        delta.add("u4");
        delta.remove("u1");

        delta.removeAll();

        assertThat(delta.added()).isEmpty();
        assertThat(delta.removed()).containsExactly("u1", "u2", "u3");
        assertThat(delta.members()).isEmpty();
    }

    @Test
    void removeAllOfAnEmptyGroupChangesNothing() {
        MembershipDelta empty = new MembershipDelta(Set.of());

        empty.removeAll();

        assertThat(empty.added()).isEmpty();
        assertThat(empty.removed()).isEmpty();
    }

    @Test
    void addingAfterRemoveAllKeepsAReturningMemberAndAddsANewOne() {
        delta.removeAll();
        delta.add("u2");
        delta.add("u4");

        assertThat(delta.added()).containsExactly("u4");
        assertThat(delta.removed()).containsExactly("u1", "u3");
    }

    @Test
    void replaceAllIsTheDifferenceOnly() {
        delta.replaceAll(List.of("u3", "u4", "u1"));

        assertThat(delta.added()).containsExactly("u4");
        assertThat(delta.removed()).containsExactly("u2");
        assertThat(delta.members()).containsExactlyInAnyOrder("u1", "u3", "u4");
    }

    @Test
    void replaceAllWithTheSameMembersChangesNothing() {
        delta.replaceAll(List.of("u2", "u1", "u3"));

        assertThat(delta.added()).isEmpty();
        assertThat(delta.removed()).isEmpty();
    }

    @Test
    void replaceAllWithAnEmptyListRemovesEveryone() {
        delta.replaceAll(List.of());

        assertThat(delta.added()).isEmpty();
        assertThat(delta.removed()).containsExactly("u1", "u2", "u3");
    }

    @Test
    void replaceAllForgetsEarlierAdditionsThatAreNotInTheList() {
        delta.add("u9");

        delta.replaceAll(List.of("u1"));

        assertThat(delta.added()).isEmpty();
        assertThat(delta.removed()).containsExactly("u2", "u3");
    }

    @Test
    void theCurrentMembersAreOnlyRead() {
        delta.add("u4");
        delta.remove("u1");
        delta.replaceAll(List.of("u5"));

        assertThat(current).containsExactly("u1", "u2", "u3");
    }

    @Test
    void addingOneMemberToA50000MemberGroupIsADeltaOfOne() {
        Set<String> large = new LinkedHashSet<>();
        IntStream.range(0, 50_000).forEach(i -> large.add("user-" + i));
        MembershipDelta big = new MembershipDelta(large);

        big.add("user-new");
        big.add("user-49999");

        assertThat(big.added()).containsExactly("user-new");
        assertThat(big.removed()).isEmpty();
        assertThat(big.members().count()).isEqualTo(50_001);
        assertThat(large).hasSize(50_000);
    }

    @Test
    void replacingA50000MemberListWithOneMoreIsADeltaOfOne() {
        Set<String> large = new LinkedHashSet<>();
        IntStream.range(0, 50_000).forEach(i -> large.add("user-" + i));
        List<String> pushed = new ArrayList<>(large);
        pushed.add("user-new");
        MembershipDelta big = new MembershipDelta(large);

        big.replaceAll(pushed);

        assertThat(big.added()).containsExactly("user-new");
        assertThat(big.removed()).isEmpty();
    }
}
