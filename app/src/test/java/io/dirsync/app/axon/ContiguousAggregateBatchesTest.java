package io.dirsync.app.axon;

import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class ContiguousAggregateBatchesTest {
    private final ContiguousAggregateBatches lastBatch = new ContiguousAggregateBatches(4);

    @Test
    void anEmptyBatchOrAShortOneWithoutAGapIsTheLast() {
        assertThat(lastBatch.test(List.of())).isTrue();
        assertThat(lastBatch.test(events(0, 1, 2))).isTrue();
        assertThat(lastBatch.test(events(7))).isTrue();
    }

    @Test
    void aFullBatchOrOneWithAGapInsideMakesTheStoreAskAgain() {
        assertThat(lastBatch.test(events(0, 1, 2, 3))).isFalse();
        assertThat(lastBatch.test(events(0, 2))).isFalse();
    }

    private static List<DomainEventData<?>> events(long... sequences) {
        return LongStream.of(sequences)
                .<DomainEventData<?>>mapToObj(sequence -> new GenericDomainEventEntry<>(
                        "User", "a", sequence, "e" + sequence, 0L, "Payload", null, "{}", "{}"))
                .toList();
    }
}
