package io.sparkbench.app.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StageChainsTest {

  private final StageChains chains = new StageChains();

  @Test
  void noStagesMakeNoChain() {
    assertThat(chains.longest()).isZero();
    assertThat(chains.stages()).isZero();
  }

  @Test
  void stagesWithoutParentsAreChainsOfOne() {
    chains.submitted(0, List.of(), null);
    chains.submitted(1, List.of(), null);

    assertThat(chains.longest()).isEqualTo(1);
    assertThat(chains.stages()).isEqualTo(2);
  }

  @Test
  void aStageIsOneDeeperThanItsDeepestParent() {
    // 0 → 1 → 3 and 0 → 2 → 3, then 0 and 3 → 4
    chains.submitted(0, List.of(), null);
    chains.submitted(1, List.of(0), null);
    chains.submitted(2, List.of(0), null);
    chains.submitted(3, List.of(1, 2), null);
    chains.submitted(4, List.of(3, 0), null);

    assertThat(chains.longest()).isEqualTo(4);
    assertThat(chains.stages()).isEqualTo(5);
  }

  @Test
  void aParentListedBeforeItsOwnParentCountsInFull() {
    // 2 waits for 0 and 1, 1 waits for 0: the chain is 0 → 1 → 2 whatever the order of 2's parents.
    chains.submitted(0, List.of(), null);
    chains.submitted(1, List.of(0), null);
    chains.submitted(2, List.of(0, 1), null);

    assertThat(chains.longest()).isEqualTo(3);
  }

  @Test
  void aMapStageRunAsItsOwnJobCountsForTheStageAfterIt() {
    // Adaptive execution, as Spark reports it: job 0 runs stage 0, the map stage of shuffle 0; job
    // 1 describes shuffle 0 again as a new stage 1, skips it, and runs stage 2 on its output.
    chains.described(0, List.of(), 0);
    chains.submitted(0, List.of(), 0);
    chains.described(1, List.of(), 0);
    chains.described(2, List.of(1), null);
    chains.submitted(2, List.of(1), null);

    assertThat(chains.longest()).isEqualTo(2);
    assertThat(chains.stages()).isEqualTo(2);
  }

  @Test
  void aChainOfAdaptiveJobsAddsUp() {
    // scan → shuffle 0 → shuffle 1 → result, each map stage a job of its own.
    chains.described(0, List.of(), 0);
    chains.submitted(0, List.of(), 0);
    chains.described(1, List.of(), 0);
    chains.described(2, List.of(1), 1);
    chains.submitted(2, List.of(1), 1);
    chains.described(3, List.of(), 0);
    chains.described(4, List.of(3), 1);
    chains.described(5, List.of(4), null);
    chains.submitted(5, List.of(4), null);

    assertThat(chains.longest()).isEqualTo(3);
    assertThat(chains.stages()).isEqualTo(3);
  }

  @Test
  void aSkippedStageCountsAsItsParentsDoAndAddsNothing() {
    chains.submitted(2, List.of(), null);
    chains.submitted(3, List.of(2), 7);
    // 4 was skipped, its shuffle written before this listener: it was never submitted.
    chains.described(4, List.of(3), 8);
    chains.described(5, List.of(4), null);
    chains.submitted(5, List.of(4), null);

    assertThat(chains.longest()).isEqualTo(3);
    assertThat(chains.stages()).isEqualTo(3);
  }

  @Test
  void aStageThatRanCountsInFullWhenALaterJobSkipsIt() {
    chains.submitted(0, List.of(), 0);
    chains.submitted(1, List.of(0), 1);
    chains.described(1, List.of(0), 1);
    chains.described(2, List.of(1), null);
    chains.submitted(2, List.of(1), null);

    assertThat(chains.longest()).isEqualTo(3);
  }

  @Test
  void aParentNoJobDescribedCountsZero() {
    chains.submitted(7, List.of(99), null);

    assertThat(chains.longest()).isEqualTo(1);
  }

  @Test
  void theOrderOfTheEventsDoesNotMatter() {
    chains.submitted(2, List.of(1), null);
    chains.submitted(1, List.of(0), null);
    chains.submitted(0, List.of(), null);

    assertThat(chains.longest()).isEqualTo(3);
  }

  @Test
  void anotherAttemptOfAStageIsTheSameStage() {
    chains.submitted(0, List.of(), null);
    chains.submitted(1, List.of(0), null);
    chains.submitted(1, List.of(0), null);

    assertThat(chains.stages()).isEqualTo(2);
    assertThat(chains.longest()).isEqualTo(2);
  }

  @Test
  void aLongChainNeedsNoDeepStack() {
    int length = 100_000;
    chains.submitted(0, List.of(), null);
    for (int stage = 1; stage < length; stage++) {
      chains.submitted(stage, List.of(stage - 1), null);
    }

    assertThat(chains.longest()).isEqualTo(length);
  }

  @Test
  void aCycleSparkWouldNeverReportStillEnds() {
    chains.submitted(0, List.of(1), null);
    chains.submitted(1, List.of(0), null);

    assertThat(chains.longest()).isEqualTo(2);
  }
}
