package io.dirsync.app.cluster;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FairShareOfSegmentsTest {

    @Test
    void aNodeAloneHoldsEverySegment() {
        assertThat(FairShareOfSegments.share(16, 1)).isEqualTo(16);
    }

    @Test
    void liveNodesSplitTheSegmentsRoundingUpSoNoneIsLeftOver() {
        assertThat(FairShareOfSegments.share(16, 2)).isEqualTo(8);
        assertThat(FairShareOfSegments.share(16, 3)).isEqualTo(6);
        assertThat(FairShareOfSegments.share(16, 5)).isEqualTo(4);
    }

    @Test
    void aSingleSegmentProcessorRunsOnOneNodeWhateverTheirNumber() {
        assertThat(FairShareOfSegments.share(1, 3)).isEqualTo(1);
    }
}
