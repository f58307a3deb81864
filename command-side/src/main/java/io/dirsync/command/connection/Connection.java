package io.dirsync.command.connection;

import io.dirsync.api.connection.ConnectionCreatedEvent;
import io.dirsync.api.connection.ConnectionTokenRotatedEvent;
import io.dirsync.api.connection.CreateConnectionCommand;
import io.dirsync.api.connection.RotateConnectionTokenCommand;
import io.dirsync.api.scim.InvalidAttributeException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** An enterprise connection: one IdP tenant pushing over its own SCIM base URL with its own bearer token. */
@Aggregate
public class Connection {

    @AggregateIdentifier
    private String connectionId;

    @CommandHandler
    public Connection(CreateConnectionCommand command) {
        if (command.name() == null || command.name().isBlank()) {
            throw new InvalidAttributeException("name", "A connection needs a name");
        }
        apply(new ConnectionCreatedEvent(command.connectionId(), command.name().trim(), command.organizationId(), command.token()));
    }

    @CommandHandler
    public void handle(RotateConnectionTokenCommand command) {
        apply(new ConnectionTokenRotatedEvent(connectionId, command.token()));
    }

    @EventSourcingHandler
    void on(ConnectionCreatedEvent event) {
        this.connectionId = event.connectionId();
    }

    /** Axon rebuilds the aggregate from its events through this constructor. */
    protected Connection() {
    }
}
