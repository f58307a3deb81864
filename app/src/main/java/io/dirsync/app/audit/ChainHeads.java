package io.dirsync.app.audit;

import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.HashMap;
import java.util.Map;

/**
 * The last hash of each aggregate's chain that a unit of work knows: from the events the aggregate was loaded from
 * ({@link ChainHeadRecordingEventStore}) and from the events it appends ({@link HashChainInterceptor}). Kept in the
 * root unit of work, where the appends happen.
 */
final class ChainHeads {
    private static final String RESOURCE = ChainHeads.class.getName();

    /** The hash of an aggregate's event at {@code sequence}. */
    record Head(long sequence, String hash) {}

    private final Map<String, Head> heads;

    private ChainHeads(Map<String, Head> heads) {
        this.heads = heads;
    }

    static ChainHeads of(UnitOfWork<?> unitOfWork) {
        return new ChainHeads(unitOfWork.root().getOrComputeResource(RESOURCE, key -> new HashMap<>()));
    }

    /** Only for no unit of work: nothing known, and nothing kept. */
    static ChainHeads none() {
        return new ChainHeads(new HashMap<>());
    }

    /** The hash at {@code sequence} if it is known here: the event just before the one being chained. */
    String hashAt(String aggregateId, long sequence) {
        Head head = heads.get(aggregateId);
        return head != null && head.sequence() == sequence ? head.hash() : null;
    }

    void record(String aggregateId, long sequence, String hash) {
        heads.put(aggregateId, new Head(sequence, hash));
    }
}
