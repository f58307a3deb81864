package io.dirsync.app.processing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** On a real PostgreSQL: the projection's transaction commits asynchronously, and only that transaction. */
class ProjectionTransactionManagerIT {
    private static EmbeddedPostgres postgres;
    private static JdbcTemplate jdbc;
    private static DataSourceTransactionManager spring;

    @BeforeAll
    static void start() throws IOException {
        // the embedded server turns synchronous_commit off by default, for speed: production keeps it on
        postgres = EmbeddedPostgres.builder()
                .setServerConfig("synchronous_commit", "on")
                .start();
        // one DataSource for both: getPostgresDatabase() makes a new one per call, and a transaction binds to its
        // DataSource
        DataSource dataSource = postgres.getPostgresDatabase();
        spring = new DataSourceTransactionManager(dataSource);
        jdbc = new JdbcTemplate(dataSource);
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @Test
    void projectionTransactionsCommitAsynchronouslyAndOthersStayDurable() {
        ProjectionTransactionManager projections =
                new ProjectionTransactionManager(new SpringTransactionManager(spring), jdbc);
        jdbc.execute("CREATE TABLE projected (id INT PRIMARY KEY)");

        Transaction transaction = projections.startTransaction();
        String inside = jdbc.queryForObject("SHOW synchronous_commit", String.class);
        jdbc.update("INSERT INTO projected (id) VALUES (1)");
        transaction.commit();

        assertThat(inside).isEqualTo("off");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM projected", Integer.class))
                .isEqualTo(1);
        String afterwards = new TransactionTemplate(spring)
                .execute(status -> jdbc.queryForObject("SHOW synchronous_commit", String.class));
        assertThat(afterwards).isEqualTo("on");
    }
}
