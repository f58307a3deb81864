package io.dirsync.query.support;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

import javax.sql.DataSource;
import java.sql.DatabaseMetaData;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/** Which database the read models live in, where a statement must be written for it. */
public final class Databases {
    private Databases() {}

    /**
     * Whether the template's database is PostgreSQL, asked on first use and remembered: components are built before
     * their first statement, and need not reach the database for it then.
     */
    public static BooleanSupplier postgres(JdbcTemplate jdbc) {
        return new BooleanSupplier() {
            private volatile Boolean known;

            @Override
            public boolean getAsBoolean() {
                Boolean postgres = known;
                if (postgres == null) {
                    postgres = isPostgres(Objects.requireNonNull(jdbc.getDataSource()));
                    known = postgres;
                }
                return postgres;
            }
        };
    }

    public static boolean isPostgres(DataSource dataSource) {
        try {
            String product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
            return product != null && product.toLowerCase(Locale.ROOT).contains("postgres");
        } catch (MetaDataAccessException e) {
            throw new IllegalStateException("Cannot tell which database this is", e);
        }
    }
}
