package io.sparkbench.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkbench.api.run.RunId;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.RunResult;
import io.sparkbench.operator.Benchmarks;
import io.sparkbench.operator.Results;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunResultsTest {

  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00.123Z");

  @Test
  void mapsTheResultDocumentIntoAStatusEntry() {
    RunResult r =
        RunResults.toRunResult(
            Results.succeeded(100_000, 27.7),
            new RunId(100_000, 2, 2, 3, false),
            "pod-x",
            NOW,
            List.of());

    assertThat(r.records).isEqualTo(100_000L);
    assertThat(r.repetition).isEqualTo(2);
    assertThat(r.attempt).isEqualTo(3);
    assertThat(r.durationSeconds).isEqualTo(27.7);
    assertThat(r.stages.startup).isEqualTo(10.0);
    assertThat(r.stages.silver).isEqualTo(12.7);
    assertThat(r.rows.generated).isEqualTo(100_000L);
    assertThat(r.rows.rejected).isEqualTo(1_000L);
    assertThat(r.peakMemoryMiB.driver).isEqualTo(610L);
    assertThat(r.peakMemoryMiB.executor).isEqualTo(820L);
    assertThat(r.cpuUtilization).isEqualTo(0.83);
    assertThat(r.cpuSeconds.tasks).isEqualTo(22.16);
    assertThat(r.cpuSeconds.driver).isEqualTo(27.7);
    assertThat(r.cpuSeconds.driverJit).isEqualTo(8.31);
    assertThat(r.cpuSeconds.driverGc).isEqualTo(0.1);
    assertThat(r.cpuSeconds.executors).isEqualTo(30.47);
    assertThat(r.cpuSeconds.executorsJit).isEqualTo(11.08);
    assertThat(r.cpuSeconds.executorsGc).isEqualTo(0.3);
    assertThat(r.recordsPerSecond).isEqualTo(3610.1);
    assertThat(r.totalAmount).isEqualTo(6_787_744_055L);
    assertThat(r.jvm.settings).isEqualTo("tuned");
    assertThat(r.jvm.jit).isEqualTo("C1");
    assertThat(r.jvm.gc).isEqualTo("Parallel");
    assertThat(r.jvm.heapMiB).isEqualTo(1024L);
    assertThat(r.jvm.archive).isNull();
    assertThat(r.predictedSeconds).isNull();
    assertThat(r.sparkApplicationId).isEqualTo("spark-5f3c2a1b9d8e4f60a7b2c3d4e5f60718");
    assertThat(r.eventLog)
        .isEqualTo(
            "file:///var/sparkbench/b/spark-events/eventlog_v2_spark-5f3c2a1b9d8e4f60a7b2c3d4e5f60718");
    assertThat(r.driverPod).isEqualTo("pod-x");
    assertThat(r.finishedAt).isEqualTo("2026-11-25T10:00:00Z");
  }

  @Test
  void predictsFromSmallerRecordCountsOnly() {
    List<RunResult> earlier =
        List.of(entry(10_000, 20.0), entry(100_000, 29.0), entry(1_000_000, 500.0));
    RunResult r =
        RunResults.toRunResult(
            Results.succeeded(1_000_000, 110.0),
            new RunId(1_000_000, 2, 2, 1, false),
            "p",
            NOW,
            earlier);
    // 20 s + 100 µs/record fitted on 10k and 100k; the earlier 1M run is not "smaller"
    assertThat(r.predictedSeconds).isEqualTo(119.0);
  }

  @Test
  void appendRefitsTheModelOnMediansAndPredicts() {
    ScalingBenchmarkStatus status = new ScalingBenchmarkStatus();
    RunResults.append(status, entry(10_000, 20.0), Benchmarks.predicting(List.of(2_000_000L)));
    assertThat(status.model).isNull();
    assertThat(status.completedRuns).isEqualTo(1);
    assertThat(PhaseStatus.progress(status.completedRuns, 4)).isEqualTo("1/4");
    RunResults.append(status, entry(10_000, 30.0), Benchmarks.predicting(List.of(2_000_000L)));
    RunResults.append(status, entry(100_000, 34.0), Benchmarks.predicting(List.of(2_000_000L)));

    assertThat(status.completedRuns).isEqualTo(3);
    assertThat(PhaseStatus.progress(status.completedRuns, 4)).isEqualTo("3/4");
    assertThat(status.lastDurationSeconds).isEqualTo(34.0);
    // medians: 25 s at 10k, 34 s at 100k → 24 s + 100 µs/record
    assertThat(status.model.fixedSeconds).isEqualTo(24.0);
    assertThat(status.model.microsPerRecord).isEqualTo(100.0);
    assertThat(status.model.rSquared).isEqualTo(1.0);
    assertThat(status.model.predictions)
        .singleElement()
        .satisfies(p -> assertThat(p.seconds).isEqualTo(224.0));
  }

  @Test
  void keepsOnlyTheNewestResults() {
    ScalingBenchmarkStatus status = new ScalingBenchmarkStatus();
    for (int i = 1; i <= ScalingBenchmarkStatus.MAX_RESULTS + 5; i++) {
      RunResults.append(status, entry(i, i), Benchmarks.predicting(List.of()));
    }
    assertThat(status.results).hasSize(ScalingBenchmarkStatus.MAX_RESULTS);
    assertThat(status.results.get(0).records).isEqualTo(6L);
    assertThat(status.completedRuns).isEqualTo(ScalingBenchmarkStatus.MAX_RESULTS + 5);
  }

  @Test
  void twoRunsWithinNoiseGiveNoPredictionsAndSayWhy() {
    // 30.2 s at 10k and 29.8 s at 100k: the line falls, 30.24 s - 4.444 µs/record, and would
    // predict 10M records in -14 s.
    List<RunResult> results = List.of(entry(10_000, 30.2), entry(100_000, 29.8));

    ScalingBenchmarkStatus.Model model = RunResults.model(results, List.of(10_000_000L));

    assertThat(model.microsPerRecord).isEqualTo(-4.444);
    assertThat(model.predictions).isEmpty();
    assertThat(model.predictionsWithheld)
        .isEqualTo(
            "no predictions: the fitted cost per record is -4.444 µs, not positive, so the"
                + " durations did not grow with the record count beyond their noise; measure"
                + " record counts further apart (e.g. 10x) or more repetitions");
    // A later, larger run gets no predicted time from that line either.
    RunResult next =
        RunResults.toRunResult(
            Results.succeeded(1_000_000, 45.0),
            new RunId(1_000_000, 2, 1, 1, false),
            "p",
            NOW,
            results);
    assertThat(next.predictedSeconds).isNull();
  }

  @Test
  void aFlatLineDoesNotPredictEither() {
    ScalingBenchmarkStatus.Model model =
        RunResults.model(List.of(entry(10_000, 30.0), entry(100_000, 30.0)), List.of(1_000_000L));

    assertThat(model.microsPerRecord).isZero();
    assertThat(model.predictions).isEmpty();
    assertThat(model.predictionsWithheld).startsWith("no predictions: the fitted cost per record");
  }

  @Test
  void aRisingLineWithANegativeFixedCostLeavesOutOnlyTheCountsItWouldPredictAsNoTime() {
    // medians 1.1 s at 10k, 28 s at 100k: -1.889 s + 298.889 µs/record; the repetition gives
    // the fit a measure of its error, so it may predict.
    ScalingBenchmarkStatus.Model model =
        RunResults.model(
            List.of(entry(10_000, 1.0), entry(10_000, 1.2), entry(100_000, 28.0)),
            List.of(5_000L, 1_000_000L));

    assertThat(model.predictions)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.records).isEqualTo(1_000_000L);
              assertThat(p.seconds).isEqualTo(297.0);
            });
    assertThat(model.predictionsWithheld)
        .isEqualTo(
            "no prediction for 5,000 records: the model gives -0.394 s (its fixed cost is"
                + " negative); predict record counts within or above the measured ones");
  }

  @Test
  void fitsOnlyTheRunsWhoseDriverJvmWasLikeTheNewestOne() {
    // The first run wrote the class-data archive that the later ones mapped: its 10k took 36 s,
    // where the same JVM with the archive takes 12 s.
    List<RunResult> results =
        List.of(
            entry(10_000, 36.0, null),
            entry(10_000, 12.0, "/cds/driver.jsa"),
            entry(100_000, 13.8, "/cds/driver.jsa"),
            entry(1_000_000, 31.8, "/cds/driver.jsa"));

    ScalingBenchmarkStatus.Model model = RunResults.model(results, List.of());

    // 12 s, 13.8 s and 31.8 s: 11.8 s + 20 µs/record; with the first run in, the 10k median of
    // 24 s would move the line's fixed cost up by about 8 s.
    assertThat(model.fixedSeconds).isEqualTo(11.8);
    assertThat(model.microsPerRecord).isEqualTo(20.0);
    assertThat(model.runs).isEqualTo(3);
    assertThat(model.jvm).isEqualTo("tuned settings, tiered JIT, a class-data archive");
    assertThat(model.runsLeftOut)
        .isEqualTo(
            "1 run left out: it had a driver JVM of tuned settings, tiered JIT, no class-data"
                + " archive, not the newest run's tuned settings, tiered JIT, a class-data"
                + " archive");
    // A later run predicts from runs of its own curve only: this one's driver ran C1, unlike every
    // run before it, so the 10k and 100k runs predict nothing for it.
    RunResult next =
        RunResults.toRunResult(
            Results.succeeded(1_000_000, 40.0),
            new RunId(1_000_000, 2, 1, 1, false),
            "p",
            NOW,
            results);
    assertThat(next.jvm.jit).isEqualTo("C1");
    assertThat(next.predictedSeconds).isNull();
  }

  @Test
  void runsOfOneCurveAreAllFittedAndNothingIsSaidLeftOut() {
    ScalingBenchmarkStatus.Model model =
        RunResults.model(
            List.of(entry(10_000, 12.0, "/a.jsa"), entry(100_000, 14.0, "/b.jsa")), List.of());

    assertThat(model.runs).isEqualTo(2);
    assertThat(model.runsLeftOut).isNull();
  }

  /** A run whose driver JVM was tuned, tiered, with or without an archive. */
  private static RunResult entry(long records, double seconds, String archive) {
    RunResult r = entry(records, seconds);
    r.jvm.jit = "tiered";
    r.jvm.archive = archive;
    return r;
  }

  /** A run whose driver JVM was like {@link Results#succeeded}'s: tuned, C1, no archive. */
  private static RunResult entry(long records, double seconds) {
    RunResult r = new RunResult();
    r.records = records;
    r.durationSeconds = seconds;
    r.jvm = new ScalingBenchmarkStatus.Jvm();
    r.jvm.settings = "tuned";
    r.jvm.jit = "C1";
    r.jvm.gc = "Parallel";
    return r;
  }
}
