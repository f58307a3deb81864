package io.dirsync.scim.group;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Membership changes kept as what is added and what is removed against the current members, never as a
 * rewritten list: adding one member to a 50,000-member group costs one entry. Adding a member twice or
 * removing a non-member changes nothing, as Okta and Entra retries expect.
 */
public final class MembershipDelta {
    private final Set<String> current;
    private final Set<String> added = new LinkedHashSet<>();
    private final Set<String> removed = new LinkedHashSet<>();

    public MembershipDelta(Set<String> current) {
        this.current = current;
    }

    public void add(String userId) {
        if (!removed.remove(userId) && !current.contains(userId)) {
            added.add(userId);
        }
    }

    public void remove(String userId) {
        if (!added.remove(userId) && current.contains(userId)) {
            removed.add(userId);
        }
    }

    public void addAll(Collection<String> userIds) {
        userIds.forEach(this::add);
    }

    public void removeAll() {
        added.clear();
        removed.addAll(current);
    }

    /** Okta's replace of the whole list, "Push now" on an empty group included. */
    public void replaceAll(Collection<String> userIds) {
        removeAll();
        addAll(userIds);
    }

    /** The members as the operations so far leave them. */
    public Stream<String> members() {
        return Stream.concat(current.stream().filter(id -> !removed.contains(id)), added.stream());
    }

    public Set<String> added() {
        return added;
    }

    public Set<String> removed() {
        return removed;
    }
}
