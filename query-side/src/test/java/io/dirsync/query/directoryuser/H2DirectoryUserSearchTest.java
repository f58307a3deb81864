package io.dirsync.query.directoryuser;

import org.h2.jdbcx.JdbcDataSource;

import javax.sql.DataSource;
import java.util.UUID;

class H2DirectoryUserSearchTest extends DirectoryUserSearchTests {
    private final JdbcDataSource dataSource = new JdbcDataSource();

    H2DirectoryUserSearchTest() {
        dataSource.setURL("jdbc:h2:mem:directory-users-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    @Override
    DataSource dataSource() {
        return dataSource;
    }
}
