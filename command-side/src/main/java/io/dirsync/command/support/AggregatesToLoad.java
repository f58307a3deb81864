package io.dirsync.command.support;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

import java.util.Collection;
import java.util.Set;

/**
 * The aggregates a unit of work is about to load, named up front so that the event store may read all their events in
 * one query instead of one query each (the role resolver's chunks of members). Only a hint: an aggregate not named, or
 * loaded a second time, is read as usual.
 */
public final class AggregatesToLoad {
    /** The unit of work's resource: the named aggregates' ids, a {@code Set<String>}. */
    public static final String RESOURCE = AggregatesToLoad.class.getName();

    private AggregatesToLoad() {}

    /** Names the aggregates in the current unit of work (its root, which the commands' own units join). */
    public static void announce(Collection<String> aggregateIds) {
        CurrentUnitOfWork.get().root().resources().put(RESOURCE, Set.copyOf(aggregateIds));
    }
}
