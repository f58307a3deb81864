package io.dirsync.command.connection;

import io.dirsync.api.connection.ConnectionCreatedEvent;
import io.dirsync.api.connection.ConnectionTokenRotatedEvent;
import io.dirsync.api.connection.TokenDigest;
import io.dirsync.api.rolemapping.DirectorySyncDisabledEvent;
import io.dirsync.api.rolemapping.DirectorySyncEnabledEvent;
import io.dirsync.command.connection.ConnectionCredentials.Credential;
import io.dirsync.command.rolemapping.DirectoryCatalog;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every SCIM request checks its token against: given a connection's events, delivered to this lookup and to the
 * directory catalog as their subscribing processors get them, then the credential and sync switch {@code find} answers.
 */
class ConnectionCredentialsTest {
    private static final TokenDigest FIRST = new TokenDigest("t1", "1".repeat(64));
    private static final TokenDigest SECOND = new TokenDigest("t2", "2".repeat(64));
    private final SingleConnectionDataSource dataSource =
            new SingleConnectionDataSource("jdbc:h2:mem:credentials-" + UUID.randomUUID(), "sa", "", true);
    private final JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    private final ConnectionCredentials credentials = new ConnectionCredentials(jdbc);
    private final List<AnnotationEventHandlerAdapter> handlers =
            List.of(new AnnotationEventHandlerAdapter(credentials), new AnnotationEventHandlerAdapter(new DirectoryCatalog(jdbc)));

    ConnectionCredentialsTest() {
        new ResourceDatabasePopulator(new ClassPathResource("db/migration/V2__command_side_indexes.sql"),
                new ClassPathResource("db/migration/V11__directory_catalog.sql")).execute(dataSource);
    }

    @AfterEach
    void close() {
        dataSource.destroy();
    }

    @Test
    void aNewConnectionsTokenIsItsCredentialWithSyncOn() {
        given(new ConnectionCreatedEvent("c1", "Acme Okta", "org-a", FIRST));

        assertThat(credentials.find("c1")).contains(new Credential("t1", "1".repeat(64), true));
    }

    @Test
    void aRotationReplacesTheTokenAndLeavesOtherConnectionsAlone() {
        given(new ConnectionCreatedEvent("c1", "Acme Okta", "org-a", FIRST));
        given(new ConnectionCreatedEvent("c2", "Beta Entra", null, FIRST));
        given(new ConnectionTokenRotatedEvent("c1", SECOND));

        assertThat(credentials.find("c1")).contains(new Credential("t2", "2".repeat(64), true));
        assertThat(credentials.find("c2")).contains(new Credential("t1", "1".repeat(64), true));
    }

    @Test
    void theSyncSwitchComesWithTheCredential() {
        given(new ConnectionCreatedEvent("c1", "Acme Okta", "org-a", FIRST));
        given(new DirectorySyncDisabledEvent("c1"));
        assertThat(credentials.find("c1")).hasValueSatisfying(credential -> assertThat(credential.syncEnabled()).isFalse());

        given(new DirectorySyncEnabledEvent("c1"));
        assertThat(credentials.find("c1")).hasValueSatisfying(credential -> assertThat(credential.syncEnabled()).isTrue());
    }

    @Test
    void aConnectionTheCatalogDoesNotKnowHasSyncOn() {
        credentials.on(new ConnectionCreatedEvent("c1", "Acme Okta", "org-a", FIRST));

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM catalog_connection", Integer.class)).isZero();
        assertThat(credentials.find("c1")).contains(new Credential("t1", "1".repeat(64), true));
    }

    @Test
    void anUnknownConnectionHasNoCredentialEvenAfterARotationOfIt() {
        given(new ConnectionTokenRotatedEvent("c9", SECOND));

        assertThat(credentials.find("c9")).isEmpty();
        assertThat(credentials.find("nope")).isEmpty();
    }

    private void given(Object event) {
        for (AnnotationEventHandlerAdapter handler : handlers) {
            try {
                handler.handle(GenericEventMessage.asEventMessage(event));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
