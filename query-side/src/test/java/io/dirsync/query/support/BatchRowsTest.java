package io.dirsync.query.support;

import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BatchRowsTest {
    private final List<List<String>> written = new ArrayList<>();

    private List<String> rowsOfThisBatch() {
        return BatchRows.ofThisBatch("rows", ArrayList::new, rows -> written.add(List.copyOf(rows)));
    }

    @Test
    void aBatchWritesItsRowsOnceWhenItCommits() {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("first"));
        rowsOfThisBatch().add("a");
        rowsOfThisBatch().add("b");
        assertThat(BatchRows.<List<String>>collected("rows")).containsExactly("a", "b");
        assertThat(written).isEmpty();

        batch.commit();

        assertThat(written).containsExactly(List.of("a", "b"));
    }

    @Test
    void aBatchThatRollsBackWritesNothingAndTheNextStartsEmpty() {
        UnitOfWork<?> failed = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("first"));
        rowsOfThisBatch().add("a");
        failed.rollback();

        UnitOfWork<?> retried = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("again"));
        assertThat(BatchRows.<List<String>>collected("rows")).isNull();
        rowsOfThisBatch().add("b");
        retried.commit();

        assertThat(written).containsExactly(List.of("b"));
    }

    @Test
    void outsideAUnitOfWorkThereIsNoBatch() {
        assertThat(rowsOfThisBatch()).isNull();
        assertThat(BatchRows.<List<String>>collected("rows")).isNull();
    }
}
