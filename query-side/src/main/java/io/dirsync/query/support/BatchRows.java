package io.dirsync.query.support;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Rows a streaming projection collects while its processor's batch runs and writes once, when the batch commits: a
 * few statements per batch instead of a few per event. The collection lives in the batch's unit of work, so a batch
 * that fails and is retried starts from nothing.
 */
public final class BatchRows {
    /**
     * Put in a batch's unit of work by a rebuild into fresh, empty tables, where every event is applied exactly once:
     * rows an earlier application of the batch wrote cannot exist, so there is nothing to delete or reopen first.
     */
    public static final String INTO_FRESH_TABLES = BatchRows.class.getName() + ".intoFreshTables";

    private BatchRows() {}

    /** Whether this batch writes into fresh tables ({@link #INTO_FRESH_TABLES}). */
    public static boolean intoFreshTables() {
        return CurrentUnitOfWork.isStarted()
                && Boolean.TRUE.equals(CurrentUnitOfWork.get().root().getResource(INTO_FRESH_TABLES));
    }

    /**
     * This batch's collection under {@code key}, made by {@code empty} on first use and handed to {@code write} when the
     * batch commits; null outside a unit of work (a handler called directly), where the caller writes at once.
     */
    public static <C> C ofThisBatch(String key, Supplier<C> empty, Consumer<C> write) {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(key, name -> {
            C rows = empty.get();
            batch.onPrepareCommit(unitOfWork -> write.accept(rows));
            return rows;
        });
    }

    /** The collection under {@code key} if this batch has made one, else null. */
    public static <C> C collected(String key) {
        return CurrentUnitOfWork.isStarted() ? CurrentUnitOfWork.get().root().getResource(key) : null;
    }
}
