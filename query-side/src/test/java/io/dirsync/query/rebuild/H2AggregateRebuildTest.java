package io.dirsync.query.rebuild;

import org.h2.jdbcx.JdbcDataSource;

import javax.sql.DataSource;
import java.util.UUID;

class H2AggregateRebuildTest extends AggregateRebuildTests {
    private final JdbcDataSource dataSource = new JdbcDataSource();

    H2AggregateRebuildTest() {
        dataSource.setURL("jdbc:h2:mem:rebuild-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    @Override
    DataSource dataSource() {
        return dataSource;
    }
}
