package io.sparkbench.api.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.CurrentRun;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.RunResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunPlanTest {

  private static ScalingBenchmarkSpec spec(
      List<Long> records, List<Integer> executors, int repetitions) {
    ScalingBenchmarkSpec spec = new ScalingBenchmarkSpec();
    spec.records = records;
    spec.executors = executors;
    spec.repetitions = repetitions;
    return spec;
  }

  private static RunId sweep(long records, int executors, int repetition) {
    return new RunId(records, executors, repetition, 1, true);
  }

  @Test
  void runsEveryRecordCountAtEveryExecutorCountEveryRepetitionInThatOrder() {
    RunPlan plan = RunPlan.of(spec(List.of(1_000L, 3_000L), List.of(1, 2), 2));

    // 2 record counts × 2 executor counts × 2 repetitions = 8 runs; records change slowest,
    // repetitions fastest, so 1,000 records is measured at both executor counts before 3,000.
    assertThat(plan.size()).isEqualTo(8);
    assertThat(plan.sweepsExecutors()).isTrue();
    assertThat(plan.records()).containsExactly(1_000L, 3_000L);
    assertThat(plan.executors()).containsExactly(1, 2);
    assertThat(plan.repetitions()).isEqualTo(2);
    assertThat(plan.runs())
        .containsExactly(
            sweep(1_000, 1, 1),
            sweep(1_000, 1, 2),
            sweep(1_000, 2, 1),
            sweep(1_000, 2, 2),
            sweep(3_000, 1, 1),
            sweep(3_000, 1, 2),
            sweep(3_000, 2, 1),
            sweep(3_000, 2, 2));
  }

  @Test
  void theRunAfterEachCountOfFinishedRunsIsThatRunOfTheList() {
    // 3 record counts × 3 executor counts × 2 repetitions = 18 runs, so that each index of after()
    // takes a different path through its division and remainders.
    RunPlan plan = RunPlan.of(spec(List.of(10L, 20L, 30L), List.of(1, 2, 4), 2));
    List<RunId> runs = plan.runs();

    assertThat(runs).hasSize(18);
    for (int i = 0; i < runs.size(); i++) {
      assertThat(plan.after(i)).as("after(%d)", i).isEqualTo(runs.get(i));
    }
  }

  @Test
  void thereIsNoRunAfterTheLastOneNorBeforeTheFirst() {
    RunPlan plan = RunPlan.of(spec(List.of(1_000L, 3_000L), List.of(1, 2), 2));

    assertThatThrownBy(() -> plan.after(8))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("run 9 of a plan of 8 runs");
    assertThatThrownBy(() -> plan.after(-1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void aSpecWithoutExecutorCountsRunsEveryRunWithExecutorInstances() {
    ScalingBenchmarkSpec spec = spec(List.of(1_000L, 3_000L), List.of(), 2);
    spec.executor.instances = 3;

    RunPlan plan = RunPlan.of(spec);

    // 2 record counts × 1 executor count × 2 repetitions = 4 runs, all with 3 executors
    assertThat(plan.sweepsExecutors()).isFalse();
    assertThat(plan.executors()).containsExactly(3);
    assertThat(plan.size()).isEqualTo(4);
    assertThat(plan.runs())
        .containsExactly(
            new RunId(1_000, 3, 1, 1, false),
            new RunId(1_000, 3, 2, 1, false),
            new RunId(3_000, 3, 1, 1, false),
            new RunId(3_000, 3, 2, 1, false));
  }

  @Test
  void aSpecWithoutExecutorsListOrInstancesRunsWithTwoExecutors() {
    ScalingBenchmarkSpec spec = spec(List.of(1_000L), null, 1);
    spec.executor = null;

    RunPlan plan = RunPlan.of(spec);

    assertThat(plan.sweepsExecutors()).isFalse();
    assertThat(plan.runs()).containsExactly(new RunId(1_000, 2, 1, 1, false));
  }

  @Test
  void aSpecWithoutRecordsOrRepetitionsPlansNoRuns() {
    ScalingBenchmarkSpec noRepetitions = spec(List.of(1_000L), List.of(1, 2), 1);
    noRepetitions.repetitions = null;
    ScalingBenchmarkSpec noRecords = spec(null, List.of(1, 2), 1);

    for (RunPlan plan :
        List.of(
            RunPlan.of((ScalingBenchmarkSpec) null),
            RunPlan.of(noRepetitions),
            RunPlan.of(noRecords))) {
      assertThat(plan.size()).isZero();
      assertThat(plan.runs()).isEmpty();
      assertThatThrownBy(() -> plan.after(0)).isInstanceOf(IndexOutOfBoundsException.class);
    }
  }

  @Test
  void anEntryWrittenBeforeRunsHadAnExecutorCountRanWithThePlansOnlyOne() {
    ScalingBenchmarkSpec spec = spec(List.of(1_000L, 3_000L), List.of(), 2);
    spec.executor.instances = 3;
    RunPlan plan = RunPlan.of(spec);
    RunResult old = new RunResult();
    old.records = 3_000L;
    old.repetition = 2;
    old.attempt = null; // older still: no attempt either, so the first

    assertThat(plan.of(old)).isEqualTo(new RunId(3_000, 3, 2, 1, false));
    assertThat(plan.executorsOf(old)).isEqualTo(3);
  }

  @Test
  void anEntryWithItsExecutorCountKeepsIt() {
    RunPlan plan = RunPlan.of(spec(List.of(1_000L), List.of(1, 2, 4), 1));
    RunResult entry = new RunResult();
    entry.records = 1_000L;
    entry.executors = 4;
    entry.repetition = 1;
    entry.attempt = 2;

    assertThat(plan.of(entry)).isEqualTo(new RunId(1_000, 4, 1, 2, true));
    assertThat(plan.executorsOf(entry)).isEqualTo(4);
  }

  @Test
  void aRunSurvivesTheTripThroughItsStatusEntries() {
    RunPlan plan = RunPlan.of(spec(List.of(1_000L, 3_000L), List.of(1, 2), 2));
    RunId run = plan.after(6).nextAttempt(); // 3,000 records, 2 executors, repetition 1, attempt 2

    RunResult entry = new RunResult();
    RunPlan.identify(entry, run);
    CurrentRun current = RunPlan.currentRun(run);

    assertThat(entry.records).isEqualTo(3_000L);
    assertThat(entry.executors).isEqualTo(2);
    assertThat(entry.repetition).isEqualTo(1);
    assertThat(entry.attempt).isEqualTo(2);
    assertThat(current.records).isEqualTo(3_000L);
    assertThat(current.executors).isEqualTo(2);
    assertThat(current.repetition).isEqualTo(1);
    assertThat(current.attempt).isEqualTo(2);
    assertThat(current.driverPod).isNull();
    assertThat(current.startedAt).isNull();
    assertThat(plan.of(entry)).isEqualTo(run);
    assertThat(plan.of(current)).isEqualTo(run);
  }

  @Test
  void aCurrentRunWrittenBeforeRunsHadAnExecutorCountRanWithThePlansOnlyOne() {
    ScalingBenchmarkSpec spec = spec(List.of(1_000L), List.of(), 1);
    spec.executor.instances = 5;
    CurrentRun current = new CurrentRun();
    current.records = 1_000L;
    current.repetition = 1;
    current.attempt = 3;

    assertThat(RunPlan.of(spec).of(current)).isEqualTo(new RunId(1_000, 5, 1, 3, false));
  }

  @Test
  void aRunNamesItsExecutorsOnlyWhenTheBenchmarkSweepsThem() {
    assertThat(new RunId(1_000, 2, 1, 1, true))
        .hasToString("1000 records, 2 executors, repetition 1, attempt 1");
    assertThat(new RunId(1_000, 1, 2, 3, true))
        .hasToString("1000 records, 1 executor, repetition 2, attempt 3");
    assertThat(new RunId(1_000, 2, 1, 1, false))
        .hasToString("1000 records, repetition 1, attempt 1");
  }

  @Test
  void aNextAttemptIsTheSameRunButNotTheSameAttempt() {
    RunId first = new RunId(1_000, 2, 1, 1, true);
    RunId second = first.nextAttempt();

    assertThat(second).isEqualTo(new RunId(1_000, 2, 1, 2, true));
    assertThat(second.sameRun(first)).isTrue();
    assertThat(second).isNotEqualTo(first);
    assertThat(first.sameRun(new RunId(1_000, 4, 1, 1, true))).isFalse();
    assertThat(first.sameRun(new RunId(1_000, 2, 2, 1, true))).isFalse();
  }

  @Test
  void countsStartAtOne() {
    assertThatThrownBy(() -> new RunId(1_000, 0, 1, 1, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("records, executors, repetition and attempt start at 1: 1000/0/1/1");
    assertThatThrownBy(() -> new RunId(0, 1, 1, 1, false))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
