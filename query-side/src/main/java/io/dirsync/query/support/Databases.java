package io.dirsync.query.support;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

import javax.sql.DataSource;
import java.sql.DatabaseMetaData;
import java.util.Locale;
import java.util.Objects;

/** Which database the read models live in, where a statement must be written for it. */
public final class Databases {
    private Databases() {}

    public static boolean isPostgres(JdbcTemplate jdbc) {
        return isPostgres(Objects.requireNonNull(jdbc.getDataSource()));
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
