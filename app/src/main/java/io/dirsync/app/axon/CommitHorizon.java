package io.dirsync.app.axon;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * How far the event store may be read without passing an event that is still to commit.
 * <p>
 * A global index is taken when an event is inserted, not when its transaction commits, so a reader can see index
 * n+1 while n is still in flight. Axon remembers n as a gap, but forgets gaps by time ({@code gapTimeout}) and by
 * distance, and an event that commits after that is never read (AxonFramework issue 4829). The horizon makes the
 * gaps harmless instead: below it, every index is committed or belongs to a transaction that is over, so an index
 * missing there is missing for ever. Readers read up to the horizon and no further.
 */
public interface CommitHorizon {

    /** Called on the appending transaction's connection just before its events are inserted. */
    void beforeAppend(Connection connection) throws SQLException;

    /** The highest global index at or below which no event can still commit; it never goes down. */
    long horizon(Connection connection) throws SQLException;

    /**
     * Whether events already seen to have taken an index wait only for transactions that were open when they were
     * seen: the horizon will pass them without any new commit, so a reader should look again soon.
     */
    boolean waiting();
}
