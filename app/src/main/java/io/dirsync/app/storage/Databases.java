package io.dirsync.app.storage;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.Locale;

/** Which database the service runs on, where a component must choose its SQL or its guarantees by it. */
public final class Databases {
    private Databases() {}

    public static boolean isPostgres(DataSource dataSource) throws SQLException {
        try (var connection = dataSource.getConnection()) {
            return connection
                    .getMetaData()
                    .getDatabaseProductName()
                    .toLowerCase(Locale.ROOT)
                    .contains("postgres");
        }
    }
}
