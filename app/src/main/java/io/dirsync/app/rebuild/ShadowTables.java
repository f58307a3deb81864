package io.dirsync.app.rebuild;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;

/**
 * Fresh, empty copies of a projection's tables in the schema {@value #SCHEMA}, which a rebuild fills and then puts in
 * place of the live tables. The copies start with the live tables' columns, defaults and unique keys (the handlers'
 * deletes and conflict checks use them); their other indexes are built after the bulk of the rows is in.
 */
interface ShadowTables {
    /** Created by the migration V90, so the service needs no right to create schemas. */
    String SCHEMA = "dirsync_rebuild";

    /** Drops what an earlier rebuild of these tables left, and creates the empty copies. */
    void create(JdbcTemplate jdbc, List<String> tables);

    /** The live tables' other indexes, on the copies. */
    void createIndexes(JdbcTemplate jdbc, List<String> tables);

    /**
     * For the rest of the caller's transaction, unqualified table names mean the copies where there is one and the live
     * table otherwise: the projection's own handlers fill the copies. {@link #leave} before the transaction ends.
     */
    void enter(JdbcTemplate jdbc);

    void leave(JdbcTemplate jdbc);

    /** In the caller's transaction: the copies become the live tables, with the live tables' names and indexes. */
    void switchTo(JdbcTemplate jdbc, List<String> tables);

    /** Drops the copies that are left (all of them after a failure). */
    void drop(JdbcTemplate jdbc, List<String> tables);
}
