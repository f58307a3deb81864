package io.dirsync.command.connection;

import io.dirsync.api.connection.ConnectionCreatedEvent;
import io.dirsync.api.connection.ConnectionTokenRotatedEvent;
import io.dirsync.api.connection.TokenDigest;
import io.dirsync.api.rolemapping.DirectorySyncDisabledEvent;
import io.dirsync.api.rolemapping.DirectorySyncEnabledEvent;
import io.dirsync.command.connection.ConnectionCredentials.Credentials;
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
    private static final TokenDigest OTHER = new TokenDigest("t3", "3".repeat(64));
    private final SingleConnectionDataSource dataSource =
            new SingleConnectionDataSource("jdbc:h2:mem:credentials-" + UUID.randomUUID(), "sa", "", true);
    private final JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    private final ConnectionCredentials credentials = new ConnectionCredentials(jdbc);
    private final List<AnnotationEventHandlerAdapter> handlers = List.of(
            new AnnotationEventHandlerAdapter(credentials),
            new AnnotationEventHandlerAdapter(new DirectoryCatalog(jdbc)));

    ConnectionCredentialsTest() {
        new ResourceDatabasePopulator(
                        new ClassPathResource("db/migration/V2__command_side_indexes.sql"),
                        new ClassPathResource("db/migration/V11__directory_catalog.sql"),
                        new ClassPathResource("db/migration/V84__connection_tokens.sql"))
                .execute(dataSource);
    }

    @AfterEach
    void close() {
        dataSource.destroy();
    }

    @Test
    void aNewConnectionsTokenIsItsCredentialWithSyncOn() {
        given(new ConnectionCreatedEvent("c1", "Acme Okta", "org-a", FIRST));

        assertThat(tokens("c1")).containsExactly("t1:" + "1".repeat(64));
        assertThat(credentials.find("c1"))
                .hasValueSatisfying(
                        credential -> assertThat(credential.syncEnabled()).isTrue());
    }

    @Test
    void aRotationReplacesTheTokenAndLeavesOtherConnectionsAlone() {
        given(new ConnectionCreatedEvent("c1", "Acme Okta", "org-a", FIRST));
        given(new ConnectionCreatedEvent("c2", "Beta Entra", null, OTHER));
        given(new ConnectionTokenRotatedEvent("c1", SECOND));

        assertThat(tokens("c1")).as("a rotation stored before grace periods").containsExactly("t2:" + "2".repeat(64));
        assertThat(tokens("c2")).containsExactly("t3:" + "3".repeat(64));
    }

    @Test
    void theSyncSwitchComesWithTheCredential() {
        given(new ConnectionCreatedEvent("c1", "Acme Okta", "org-a", FIRST));
        given(new DirectorySyncDisabledEvent("c1"));
        assertThat(credentials.find("c1"))
                .hasValueSatisfying(
                        credential -> assertThat(credential.syncEnabled()).isFalse());

        given(new DirectorySyncEnabledEvent("c1"));
        assertThat(credentials.find("c1"))
                .hasValueSatisfying(
                        credential -> assertThat(credential.syncEnabled()).isTrue());
    }

    @Test
    void aConnectionTheCatalogDoesNotKnowHasSyncOn() {
        credentials.on(new ConnectionCreatedEvent("c1", "Acme Okta", "org-a", FIRST), java.time.Instant.EPOCH);

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM catalog_connection", Integer.class))
                .isZero();
        assertThat(tokens("c1")).containsExactly("t1:" + "1".repeat(64));
        assertThat(credentials.find("c1"))
                .hasValueSatisfying(
                        credential -> assertThat(credential.syncEnabled()).isTrue());
    }

    @Test
    void anUnknownConnectionHasNoCredential() {
        given(new ConnectionCreatedEvent("c1", "Acme Okta", "org-a", FIRST));

        assertThat(credentials.find("nope")).isEmpty();
    }

    private List<String> tokens(String connectionId) {
        return credentials.find(connectionId).map(Credentials::tokens).orElseThrow().stream()
                .map(token -> token.tokenId() + ":" + token.sha256Hex())
                .toList();
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
