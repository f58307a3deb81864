package io.dirsync.query.rebuild;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A read model written in the command's transaction whose rows each belong to one aggregate: a main row, and rows that
 * hang off it. {@link AggregateRebuild} rebuilds it one aggregate at a time while it keeps serving.
 *
 * <p>Two rules its event handlers keep, so that a rebuild and a concurrent command never lose each other's writes: the
 * first row every handler writes is the main row (the rebuild locks it first too, so neither waits for the other in
 * the opposite order), and the creating event's handler overwrites a main row that exists instead of failing.
 */
public interface RebuildableReadModel {

    /** The processing group whose event handlers write the model. */
    String processingGroup();

    /** The event that creates an aggregate's main row: the model holds one aggregate per such event stored. */
    Class<?> creatingEvent();

    /** Locks the aggregate's main row until the transaction ends; false when there is none. */
    boolean lockMainRow(String aggregateId);

    /**
     * Deletes the aggregate's rows other than its main row. The main row stays, to be overwritten in place by the
     * creating event's handler: a command waiting for its lock would skip a row deleted and inserted anew.
     */
    void deleteDependentRows(String aggregateId);

    /**
     * Locks the main rows of several aggregates, given in ascending order, until the transaction ends; returns those
     * that exist. Locks are taken in the order given, so that two rebuilds of overlapping sets cannot deadlock. A model
     * whose rows are many overrides it with one statement ({@link AggregateSetRebuild}).
     */
    default Set<String> lockMainRows(List<String> sortedIds) {
        Set<String> found = new LinkedHashSet<>();
        for (String id : sortedIds) {
            if (lockMainRow(id)) {
                found.add(id);
            }
        }
        return found;
    }

    /** {@link #deleteDependentRows(String)} for several aggregates; overridden with set statements where rows are many. */
    default void deleteDependentRows(List<String> ids) {
        ids.forEach(this::deleteDependentRows);
    }
}
