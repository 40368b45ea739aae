package io.sparkbench.operator.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.ExecutorScaling;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.RunResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecutorAnalysisTest {

  /**
   * Runs of seconds = 10 + 10,000 µs × records / executors: at one executor 20 s at 1,000 records
   * and 40 s at 3,000; at two 15 s and 25 s.
   */
  private static final List<RunResult> TWO_BY_TWO =
      List.of(
          entry(1_000, 1, 20.0),
          entry(1_000, 2, 15.0),
          entry(3_000, 1, 40.0),
          entry(3_000, 2, 25.0));

  @Test
  void fitsALinePerExecutorCount() {
    ExecutorScaling scaling = ExecutorAnalysis.of(TWO_BY_TWO, spec(List.of(1, 2), List.of()));

    // 1 executor: (40 − 20) s / 2,000 records = 10,000 µs/record, 20 − 10 = 10 s fixed;
    // 2 executors: (25 − 15) s / 2,000 records = 5,000 µs/record, 15 − 5 = 10 s fixed.
    assertThat(scaling.lines)
        .extracting(l -> l.executors, l -> l.fixedSeconds, l -> l.microsPerRecord, l -> l.runs)
        .containsExactly(tuple(1, 10.0, 10_000.0, 2), tuple(2, 10.0, 5_000.0, 2));
    assertThat(scaling.lines).allSatisfy(l -> assertThat(l.rSquared).isEqualTo(1.0));
  }

  @Test
  void givesSpeedupAndEfficiencyAtEachRecordCount() {
    ExecutorScaling scaling = ExecutorAnalysis.of(TWO_BY_TWO, spec(List.of(1, 2), List.of()));

    // 1,000 records: 20 s / 15 s = 1.333 times faster on twice the executors, 1.333 / 2 = 0.667;
    // 3,000 records: 40 s / 25 s = 1.6, 1.6 / 2 = 0.8: the fixed 10 s weighs less on more records.
    assertThat(scaling.speedup)
        .extracting(
            s -> s.records, s -> s.executors, s -> s.seconds, s -> s.speedup, s -> s.efficiency)
        .containsExactly(
            tuple(1_000L, 1, 20.0, 1.0, 1.0),
            tuple(1_000L, 2, 15.0, 1.333, 0.667),
            tuple(3_000L, 1, 40.0, 1.0, 1.0),
            tuple(3_000L, 2, 25.0, 1.6, 0.8));
  }

  @Test
  void speedupIsOfTheMedianOfTheRepetitions() {
    List<RunResult> results =
        List.of(
            entry(1_000, 1, 20.0),
            entry(1_000, 1, 22.0),
            entry(1_000, 1, 60.0), // one slow repetition: the median stays 22 s
            entry(1_000, 2, 11.0),
            entry(3_000, 1, 40.0),
            entry(3_000, 2, 25.0));

    ExecutorScaling scaling = ExecutorAnalysis.of(results, spec(List.of(1, 2), List.of()));

    // 22 s / 11 s = 2: perfect scaling, efficiency 2 / 2 = 1
    assertThat(scaling.speedup)
        .filteredOn(s -> s.records == 1_000L && s.executors == 2)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.seconds).isEqualTo(11.0);
              assertThat(s.speedup).isEqualTo(2.0);
              assertThat(s.efficiency).isEqualTo(1.0);
            });
    assertThat(scaling.lines.get(0).runs).isEqualTo(4);
  }

  @Test
  void fitsTheErnestModelAcrossExecutorCountsAndPredictsWithIt() {
    // Four (records, executors) points identify the constant, the per-record term and one
    // executor term (2 + min(2, 2 − 1) = 3 ≤ 4). With two executor counts ln E and E are the
    // constant shifted, so the constant and the per-record term alone fit exactly: θ0 = 10 s,
    // θ1 = 10,000 µs per record at one executor, no executor terms.
    ExecutorScaling scaling =
        ExecutorAnalysis.of(TWO_BY_TWO, spec(List.of(1, 2), List.of(30_000L, 100_000L)));

    assertThat(scaling.ernestWithheld).isNull();
    assertThat(scaling.ernest.fixedSeconds).isEqualTo(10.0);
    assertThat(scaling.ernest.microsPerRecord).isEqualTo(10_000.0);
    assertThat(scaling.ernest.logExecutorsSeconds).isZero();
    assertThat(scaling.ernest.perExecutorSeconds).isZero();
    assertThat(scaling.ernest.rSquared).isEqualTo(1.0);
    assertThat(scaling.ernest.runs).isEqualTo(4);
    // 30,000 records: 10 + 0.01 × 30,000 / E = 310 s on 1, 160 s on 2; 30,000 is 10 × the
    // largest measured count, not beyond it. 100,000: 10 + 1,000 / E = 1,010 s and 510 s,
    // extrapolated (> 10 × 3,000).
    assertThat(scaling.predictions)
        .extracting(p -> p.records, p -> p.executors, p -> p.seconds, p -> p.extrapolated)
        .containsExactly(
            tuple(30_000L, 1, 310.0, null),
            tuple(30_000L, 2, 160.0, null),
            tuple(100_000L, 1, 1_010.0, true),
            tuple(100_000L, 2, 510.0, true));
  }

  @Test
  void withTwoExecutorCountsTheUniversalScalabilityLawIsWithheldAndSaysWhy() {
    ExecutorScaling scaling = ExecutorAnalysis.of(TWO_BY_TWO, spec(List.of(1, 2), List.of()));

    assertThat(scaling.usl).isNull();
    assertThat(scaling.uslWithheld)
        .isEqualTo(
            "the Universal Scalability Law has three coefficients: it needs runs at three or more"
                + " executor counts, got 2");
  }

  @Test
  void withOneRecordCountTheErnestModelIsWithheldAndSaysWhy() {
    List<RunResult> results = List.of(entry(1_000, 1, 20.0), entry(1_000, 2, 15.0));

    ExecutorScaling scaling = ExecutorAnalysis.of(results, spec(List.of(1, 2), List.of(5_000L)));

    assertThat(scaling.ernest).isNull();
    assertThat(scaling.ernestWithheld)
        .isEqualTo("the Ernest model needs runs at two or more record counts, got 1");
    assertThat(scaling.predictions).isEmpty();
    // one record count per executor count: no line either, but the speedup is known
    assertThat(scaling.lines).isEmpty();
    assertThat(scaling.speedup)
        .extracting(s -> s.speedup)
        .containsExactly(1.0, 1.333); // 20 s / 15 s
  }

  @Test
  void fitsTheUniversalScalabilityLawOnTheLargestRecordCount() {
    // Throughput X(N) = λN / (1 + σ(N − 1) + κN(N − 1)) with λ = 100 records/s, σ = 0.1,
    // κ = 0.02: X(1) = 100, X(2) = 200 / 1.14, X(4) = 400 / 1.54. At 100,000 records that is
    // 100,000 / 100 = 1,000 s, 100,000 × 1.14 / 200 = 570 s and 100,000 × 1.54 / 400 = 385 s.
    // Three points fit the three coefficients exactly. The 10,000-record runs, measured at as
    // many executor counts, lie on another curve; the larger count is the one fitted.
    List<RunResult> results =
        List.of(
            entry(10_000, 1, 20.0),
            entry(10_000, 2, 15.0),
            entry(10_000, 4, 12.0),
            entry(100_000, 1, 1_000.0),
            entry(100_000, 2, 570.0),
            entry(100_000, 4, 385.0));

    ExecutorScaling scaling = ExecutorAnalysis.of(results, spec(List.of(1, 2, 4), List.of()));

    assertThat(scaling.uslWithheld).isNull();
    assertThat(scaling.usl.records).isEqualTo(100_000L);
    assertThat(scaling.usl.lambda).isEqualTo(100.0);
    assertThat(scaling.usl.sigma).isEqualTo(0.1);
    assertThat(scaling.usl.kappa).isEqualTo(0.02);
    assertThat(scaling.usl.rSquared).isEqualTo(1.0);
    // throughput peaks at sqrt((1 − σ) / κ) = sqrt(0.9 / 0.02) = sqrt(45) = 6.708 executors
    assertThat(scaling.usl.peakExecutors).isEqualTo(6.7);
    // 1,000 s / 385 s = 2.597 on 4 executors, 2.597 / 4 = 0.649
    assertThat(scaling.speedup)
        .filteredOn(s -> s.records == 100_000L && s.executors == 4)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.speedup).isEqualTo(2.597);
              assertThat(s.efficiency).isEqualTo(0.649);
            });
  }

  @Test
  void onlyRunsOfTheNewestRunsCostCurveAreAnalysed() {
    // A first run whose driver ran tiered compilation, 100 s at 1,000 records on one executor,
    // would make the median there 60 s; it is left out and the speedup stays 20 s / 15 s.
    RunResult tiered = entry(1_000, 1, 100.0);
    tiered.jvm.jit = "tiered";
    List<RunResult> results =
        List.of(
            tiered,
            entry(1_000, 1, 20.0),
            entry(1_000, 2, 15.0),
            entry(3_000, 1, 40.0),
            entry(3_000, 2, 25.0));

    ExecutorScaling scaling = ExecutorAnalysis.of(results, spec(List.of(1, 2), List.of()));

    assertThat(scaling.speedup.get(1).speedup).isEqualTo(1.333);
    assertThat(scaling.ernest.runs).isEqualTo(4);
  }

  @Test
  void aSpecThatSweepsNoExecutorCountsHasNoAnalysis() {
    assertThat(ExecutorAnalysis.of(TWO_BY_TWO, spec(List.of(), List.of()))).isNull();
    assertThat(ExecutorAnalysis.of(TWO_BY_TWO, spec(null, List.of()))).isNull();
  }

  @Test
  void runsAtOneExecutorCountOnlyHaveNoAnalysisYet() {
    List<RunResult> results = List.of(entry(1_000, 1, 20.0), entry(3_000, 1, 40.0));

    assertThat(ExecutorAnalysis.of(results, spec(List.of(1, 2), List.of()))).isNull();
    assertThat(ExecutorAnalysis.of(List.of(), spec(List.of(1, 2), List.of()))).isNull();
  }

  private static ScalingBenchmarkSpec spec(List<Integer> executors, List<Long> predict) {
    ScalingBenchmarkSpec spec = new ScalingBenchmarkSpec();
    spec.records = List.of(1_000L, 3_000L);
    spec.executors = executors;
    spec.predict = predict;
    return spec;
  }

  /** A run on {@code executors} whose driver JVM was tuned, C1, no archive. */
  private static RunResult entry(long records, int executors, double seconds) {
    RunResult r = new RunResult();
    r.records = records;
    r.executors = executors;
    r.repetition = 1;
    r.attempt = 1;
    r.durationSeconds = seconds;
    r.jvm = new ScalingBenchmarkStatus.Jvm();
    r.jvm.settings = "tuned";
    r.jvm.jit = "C1";
    r.jvm.gc = "Parallel";
    return r;
  }
}
