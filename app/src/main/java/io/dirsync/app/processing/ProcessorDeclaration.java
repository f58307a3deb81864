package io.dirsync.app.processing;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.messaging.StreamableMessageSource;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How one processing group's events are handled. A subscribing processor runs the handlers in the transaction of
 * the command that published the event, and a failure fails that command. A streaming processor (pooled, with the
 * defaults of {@code AxonStorageConfiguration.pooledStreamingByDefault}) reads the store after the commit, in its
 * own batches, tokens and replays; unless failures propagate, a failing handler is logged and the event skipped
 * (Axon's default), except in a rebuild into fresh tables ({@link RebuildFailingErrorHandler}).
 *
 * @param ordering which events must be handled in order; null for Axon's default (those of one aggregate)
 */
record ProcessorDeclaration(
        String group, boolean subscribing, Set<Trait> traits, Supplier<SequencingPolicy<EventMessage<?>>> ordering) {

    enum Trait {
        /** One segment: every event in global order, on one node at a time. */
        ONE_SEGMENT,
        /** A new processor starts at the end of the store instead of reading the history. */
        FROM_THE_HEAD,
        /**
         * A failing handler's exception propagates: it fails the command (subscribing), or rolls back the batch,
         * which is then retried (streaming), rather than being logged and the event skipped.
         */
        PROPAGATING_FAILURES,
        /**
         * On PostgreSQL, batches commit without waiting for the disk flush ({@link ProjectionTransactionManager}):
         * only for read models that are rebuilt from the events.
         */
        ASYNCHRONOUS_COMMITS
    }

    /** Subscribing: in the command's transaction; a failure fails the command. */
    static ProcessorDeclaration subscribing(String group) {
        return new ProcessorDeclaration(group, true, EnumSet.of(Trait.PROPAGATING_FAILURES), null);
    }

    static ProcessorDeclaration streaming(String group, Trait... traits) {
        Set<Trait> set = EnumSet.noneOf(Trait.class);
        set.addAll(Set.of(traits));
        return new ProcessorDeclaration(group, false, set, null);
    }

    ProcessorDeclaration orderedBy(Supplier<SequencingPolicy<EventMessage<?>>> policy) {
        return new ProcessorDeclaration(group, subscribing, traits, policy);
    }

    /**
     * Registers this declaration with Axon. A streaming group needs no registration of its type (pooled streaming is
     * the default), only of what differs from the defaults.
     *
     * @param asynchronousCommits the transaction manager for {@link Trait#ASYNCHRONOUS_COMMITS}; null where they
     *                            are off or the database is not PostgreSQL
     */
    void registerOn(
            EventProcessingConfigurer processing, Function<Configuration, TransactionManager> asynchronousCommits) {
        if (subscribing) {
            processing.registerSubscribingEventProcessor(group);
        }
        boolean oneSegment = traits.contains(Trait.ONE_SEGMENT);
        boolean fromTheHead = traits.contains(Trait.FROM_THE_HEAD);
        if (oneSegment || fromTheHead) {
            processing.registerPooledStreamingEventProcessorConfiguration(group, (configuration, builder) -> {
                if (oneSegment) {
                    builder.initialSegmentCount(1);
                }
                return fromTheHead ? builder.initialToken(StreamableMessageSource::createHeadToken) : builder;
            });
        }
        if (traits.contains(Trait.PROPAGATING_FAILURES)) {
            processing.registerListenerInvocationErrorHandler(
                    group, configuration -> PropagatingErrorHandler.instance());
        } else if (!subscribing) {
            processing.registerListenerInvocationErrorHandler(group, configuration -> new RebuildFailingErrorHandler());
        }
        if (ordering != null) {
            processing.registerSequencingPolicy(group, configuration -> ordering.get());
        }
        if (traits.contains(Trait.ASYNCHRONOUS_COMMITS) && asynchronousCommits != null) {
            processing.registerTransactionManager(group, asynchronousCommits);
        }
    }
}
