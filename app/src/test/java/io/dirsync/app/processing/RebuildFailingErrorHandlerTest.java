package io.dirsync.app.processing;

import io.dirsync.query.support.BatchRows;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.config.EventProcessingModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A failing handler skips its event live, and fails the batch of a rebuild into fresh tables; every streaming group
 * whose failures do not propagate anyway has this handler.
 */
class RebuildFailingErrorHandlerTest {
    private final RebuildFailingErrorHandler errors = new RebuildFailingErrorHandler();
    private final EventMessage<?> event = GenericEventMessage.asEventMessage("an event");
    private final EventMessageHandler handler = message -> null;
    private final IllegalStateException failure = new IllegalStateException("deadlock detected");

    @Test
    void liveTheFailureIsLoggedAndTheEventSkipped() {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(event);
        try {
            assertThatCode(() -> errors.onError(failure, event, handler)).doesNotThrowAnyException();
        } finally {
            batch.rollback();
        }
    }

    @Test
    void inARebuildIntoFreshTablesTheFailurePropagates() {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(event);
        batch.resources().put(BatchRows.INTO_FRESH_TABLES, true);
        try {
            assertThatThrownBy(() -> errors.onError(failure, event, handler)).isSameAs(failure);
        } finally {
            batch.rollback();
        }
    }

    @Test
    void streamingGroupsFailTheirRebuildsAndThoseThatPropagateKeepDoingSo() {
        EventProcessingModule processing = new EventProcessingModule();
        ProcessorDeclaration.streaming("views").registerOn(processing, null);
        ProcessorDeclaration.streaming("outbox", ProcessorDeclaration.Trait.PROPAGATING_FAILURES)
                .registerOn(processing, null);
        ProcessorDeclaration.subscribing("read-model").registerOn(processing, null);
        DefaultConfigurer.defaultConfiguration().registerModule(processing).buildConfiguration();

        assertThat(processing.listenerInvocationErrorHandler("views")).isInstanceOf(RebuildFailingErrorHandler.class);
        assertThat(processing.listenerInvocationErrorHandler("outbox")).isInstanceOf(PropagatingErrorHandler.class);
        assertThat(processing.listenerInvocationErrorHandler("read-model")).isInstanceOf(PropagatingErrorHandler.class);
    }
}
