package io.dirsync.app.axon;

import org.axonframework.config.Configuration;
import org.axonframework.queryhandling.LoggingQueryInvocationErrorHandler;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryBusSpanFactory;
import org.axonframework.queryhandling.QueryInvocationErrorHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import javax.sql.DataSource;

/**
 * Transactions for a service whose every table is read and written through JDBC: Axon's JDBC event and token
 * stores, and JdbcTemplate in the projections and process state. There is no JPA: a JPA transaction manager only
 * opened and closed an unused Hibernate session around every command, query and projection batch.
 */
@org.springframework.context.annotation.Configuration
public class JdbcTransactionConfiguration {

    @Bean
    public DataSourceTransactionManager transactionManager(DataSource dataSource) {
        return new DataSourceTransactionManager(dataSource);
    }

    /**
     * Axon's default query bus, without the transaction it would wrap around every query. The query handlers only
     * read, and at READ COMMITTED a transaction gives their statements no common snapshot (PostgreSQL and H2 take
     * one per statement), so it added only a BEGIN and a COMMIT to every SCIM GET.
     */
    @Bean
    @Qualifier("localSegment")
    public SimpleQueryBus queryBus(Configuration axon) {
        return SimpleQueryBus.builder()
                .messageMonitor(axon.messageMonitor(QueryBus.class, "queryBus"))
                .errorHandler(axon.getComponent(
                        QueryInvocationErrorHandler.class,
                        () -> LoggingQueryInvocationErrorHandler.builder().build()))
                .queryUpdateEmitter(axon.getComponent(QueryUpdateEmitter.class))
                .spanFactory(axon.getComponent(QueryBusSpanFactory.class))
                .build();
    }
}
