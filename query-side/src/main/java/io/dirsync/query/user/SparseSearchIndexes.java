package io.dirsync.query.user;

import io.dirsync.query.support.Databases;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Flyway V91: on PostgreSQL, the search indexes of the {@code scim_user} columns most users leave empty hold only the
 * users that have a value. An IdP sends such an attribute only for a user whose directory entry has a value for it,
 * which many directories fill for few users or none, yet every write of a user's row paid one entry in each index. Every filter on such a column says
 * {@code IS NOT NULL} beside its comparison ({@code ColumnConditions}), which is the indexes' predicate, so the filters
 * keep their index. H2 has no partial indexes: there the V17 indexes stay as they are.
 */
@Component
public class SparseSearchIndexes implements JavaMigration {
    /** The sparse columns, by the name their V17 index ({@code scim_user_<name>}) and key column share. */
    static final List<String> SPARSE_COLUMNS = List.of(
            "formatted_name", "employee_number", "cost_center", "organization", "division", "department", "manager");

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("91");
    }

    @Override
    public String getDescription() {
        return "scim user sparse search indexes";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) {
        JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(context.getConnection(), true));
        if (!Databases.isPostgres(jdbc.getDataSource())) {
            return;
        }
        for (String column : SPARSE_COLUMNS) {
            jdbc.execute("DROP INDEX scim_user_" + column);
            jdbc.execute("CREATE INDEX scim_user_" + column + " ON scim_user (connection_id, " + column + "_key) WHERE "
                    + column + "_key IS NOT NULL");
        }
    }
}
