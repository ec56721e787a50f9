package io.castellan.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How much a start rehearses, and the stand-ins' names, without a server. */
class CronWarmUpTest {

    @Test
    void aFleetUnderTwoBatchesIsNotRehearsedALargerOneGetsARoundPerBatchUpToTheMost() {
        assertThat(CronWarmUp.roundsFor(0)).isZero();
        assertThat(CronWarmUp.roundsFor(2 * CronFiring.BATCH - 1)).isZero();
        assertThat(CronWarmUp.roundsFor(2 * CronFiring.BATCH)).isEqualTo(2);
        assertThat(CronWarmUp.roundsFor(5_000)).isEqualTo(10);
        assertThat(CronWarmUp.roundsFor(10_000)).isEqualTo(CronWarmUp.MAX_ROUNDS).isEqualTo(20);
        assertThat(CronWarmUp.roundsFor(1_000_000)).isEqualTo(CronWarmUp.MAX_ROUNDS);
    }

    @Test
    void standInsAreABatchOfNamesNoManifestCanHaveThatFitTheNameColumn() {
        List<String> names = CronWarmUp.names();
        assertThat(names).hasSize(CronFiring.BATCH).doesNotHaveDuplicates();
        assertThat(names).allSatisfy(name -> {
            assertThat(name).hasSizeLessThanOrEqualTo(63).contains("~");
            assertThat(name.matches("[a-z0-9-]{1,63}")).as("a manifest's name pattern").isFalse();
        });
        assertThat(CronWarmUp.names()).as("the same each round").isEqualTo(names);
    }
}
