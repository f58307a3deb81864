package io.dirsync.query.rebuild;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.function.Function;

/**
 * Rebuilds one aggregate's rows of a {@link RebuildableReadModel} from its events, in one short transaction: lock the
 * main row, read the events, clear the dependent rows, apply the events through the model's own event handlers.
 *
 * <p>The lock comes before the read. A command on the aggregate that commits first is in the events read; one that
 * has not committed yet waits for the lock at its own handler's first write, and applies its event on top of the
 * rebuilt rows after this commit. Readers see the old rows until then.
 */
public final class AggregateRebuild {
    private final RebuildableReadModel model;
    private final EventHandlerInvoker handlers;
    private final Function<String, DomainEventStream> events;
    private final TransactionTemplate transactions;

    /**
     * What the rebuild found: the aggregate's main row existed before it, and exists after it; and the sequence number
     * of the last event it applied.
     */
    public record Outcome(boolean hadMainRow, boolean hasMainRow, long lastSequence) {
        /** The row was missing, so there was no lock to take: a command in flight may have written nothing. */
        public boolean createdMainRow() {
            return !hadMainRow && hasMainRow;
        }
    }

    /**
     * @param handlers the invoker of the model's subscribing processor, so events reach the handlers as they do live
     * @param events   an aggregate's events from sequence 0, upcast and opened as live ({@code EventStore#readEvents(id, 0)})
     */
    public AggregateRebuild(
            RebuildableReadModel model,
            EventHandlerInvoker handlers,
            Function<String, DomainEventStream> events,
            TransactionTemplate transactions) {
        this.model = model;
        this.handlers = handlers;
        this.events = events;
        this.transactions = transactions;
    }

    /**
     * True while a handler runs for a rebuild: live, events reach a read model's handlers in the command's unit of
     * work; a rebuild applies them outside any. Only then can the creating event find its main row already there.
     */
    public static boolean rebuilding() {
        return !CurrentUnitOfWork.isStarted();
    }

    public Outcome rebuild(String aggregateId) {
        return transactions.execute(status -> {
            boolean hadMainRow = model.lockMainRow(aggregateId);
            model.deleteDependentRows(aggregateId);
            DomainEventStream stream = events.apply(aggregateId);
            if (!stream.hasNext()) {
                throw new IllegalStateException("No events stored for aggregate " + aggregateId);
            }
            long last = -1;
            while (stream.hasNext()) {
                DomainEventMessage<?> event = stream.next();
                apply(handlers, model, event);
                last = event.getSequenceNumber();
            }
            return new Outcome(hadMainRow, model.lockMainRow(aggregateId), last);
        });
    }

    /** Hands one event to the model's handlers as the live processor would, outside any unit of work. */
    static void apply(EventHandlerInvoker handlers, RebuildableReadModel model, DomainEventMessage<?> event) {
        if (!handlers.canHandle(event, Segment.ROOT_SEGMENT)) {
            return;
        }
        try {
            handlers.handle(event, Segment.ROOT_SEGMENT);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(
                    "Event " + event.getSequenceNumber() + " of " + event.getAggregateIdentifier() + " failed in "
                            + model.processingGroup(),
                    e);
        }
    }
}
