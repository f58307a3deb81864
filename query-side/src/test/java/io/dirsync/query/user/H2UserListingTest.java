package io.dirsync.query.user;

import org.h2.jdbcx.JdbcDataSource;

import javax.sql.DataSource;
import java.util.UUID;

class H2UserListingTest extends UserListingTests {
    private final JdbcDataSource dataSource = new JdbcDataSource();

    H2UserListingTest() {
        dataSource.setURL("jdbc:h2:mem:listing-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    @Override
    DataSource dataSource() {
        return dataSource;
    }
}
