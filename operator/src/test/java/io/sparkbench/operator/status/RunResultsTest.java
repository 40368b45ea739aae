package io.sparkbench.operator.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.data.Offset.offset;

import io.sparkbench.api.result.BenchmarkResult;
import io.sparkbench.api.run.RunId;
import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.RunResult;
import io.sparkbench.operator.Benchmarks;
import io.sparkbench.operator.Results;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
    // A later, larger run is still told what that line said, and how far off it was:
    // 30.244 - 4.444 × 1 = 25.8 s against 45 s, (25.8 - 45) / 45 = -42.7 %.
    RunResult next =
        RunResults.toRunResult(
            Results.succeeded(1_000_000, 45.0),
            new RunId(1_000_000, 2, 1, 1, false),
            "p",
            NOW,
            results);
    assertThat(next.predictedSeconds).isEqualTo(25.8);
    assertThat(next.predictionErrorPercent).isEqualTo(-42.7);
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

  @Test
  void aRunPredictedFromThreeSmallerRunsGetsItsIntervalAndError() {
    // Two repetitions at 10k (20.0 s, 20.2 s: median 20.1 s) and one at 100k (29.1 s): the line
    // through the medians is 20.1 − 10,000 × 0.0001 = 19.1 s + 100 µs/record, so 200k records
    // take 19.1 + 20 = 39.1 s.
    List<RunResult> earlier =
        List.of(entry(10_000, 20.0), entry(10_000, 20.2), entry(100_000, 29.1));

    RunResult r =
        RunResults.toRunResult(
            Results.succeeded(200_000, 41.0),
            new RunId(200_000, 2, 1, 1, false),
            "p",
            NOW,
            earlier);

    assertThat(r.predictedSeconds).isEqualTo(39.1);
    // Every run around the line: −0.1, +0.1 and 0 s, s² = 0.02 / (3 − 2), s = 0.14142 s.
    // k = 2 counts, x̄ = 55,000, Sxx = 2 × 45,000² = 4.05e9; (200,000 − 55,000)² / Sxx = 5.19136.
    // t(0.975, 1) = 12.7062; half-width 12.7062 × 0.14142 × √(1 + 1/2 + 5.19136) = 4.648 s.
    assertThat(r.predictedInterval.low).isEqualTo(34.452); // 39.1 − 4.648
    assertThat(r.predictedInterval.high).isEqualTo(43.748); // 39.1 + 4.648
    // (39.1 − 41) / 41 × 100 = −4.63 %: the model expected less
    assertThat(r.predictionErrorPercent).isEqualTo(-4.6);
  }

  @Test
  void aRunPredictedFromTwoRunsHasNoIntervalButAnError() {
    // 10k in 20 s, 100k in 29 s: 19 s + 100 µs/record, 119 s at 1M; two runs fit any line
    // exactly, so the line knows nothing of its error.
    List<RunResult> earlier = List.of(entry(10_000, 20.0), entry(100_000, 29.0));

    RunResult r =
        RunResults.toRunResult(
            Results.succeeded(1_000_000, 110.0),
            new RunId(1_000_000, 2, 1, 1, false),
            "p",
            NOW,
            earlier);

    assertThat(r.predictedSeconds).isEqualTo(119.0);
    assertThat(r.predictedInterval).isNull();
    // (119 − 110) / 110 × 100 = 8.18 %
    assertThat(r.predictionErrorPercent).isEqualTo(8.2);

    ScalingBenchmarkStatus.PredictionCheck check =
        RunResults.model(List.of(earlier.get(0), earlier.get(1), r), List.of()).priorPredictions;
    assertThat(check.runs).isEqualTo(1);
    assertThat(check.meanAbsoluteErrorPercent).isEqualTo(8.2);
    assertThat(check.worstErrorPercent).isEqualTo(8.2);
    assertThat(check.withInterval).isZero();
    assertThat(check.withinInterval).isZero();
  }

  @Test
  void theModelSaysHowWellItPredictedTheRunsBeforeTheyWereMeasured() {
    // Records [10k, 100k, 200k], two repetitions, recorded as the reconciler does: each run's
    // prediction from the runs before it.
    ScalingBenchmarkStatus status = new ScalingBenchmarkStatus();
    ScalingBenchmarkSpec spec = Benchmarks.predicting(List.of());
    long[] records = {10_000, 10_000, 100_000, 100_000, 200_000, 200_000};
    double[] seconds = {20.0, 20.2, 29.0, 29.2, 40.5, 42.0};
    for (int i = 0; i < records.length; i++) {
      RunResults.append(
          status,
          RunResults.toRunResult(
              Results.succeeded(records[i], seconds[i]),
              new RunId(records[i], 2, i % 2 + 1, 1, false),
              "p",
              NOW,
              status.results),
          spec);
    }

    // Both 200k runs are predicted from the four smaller runs only: medians 20.1 s and 29.1 s,
    // 19.1 s + 100 µs/record, 39.1 s at 200k. Residuals ±0.1 s four times: s² = 0.04 / (4 − 2),
    // s = 0.14142 s; t(0.975, 2) = 4.3027; half-width 4.3027 × 0.14142 × √(1 + 1/2 + 145,000² /
    // 4.05e9) = 4.3027 × 0.14142 × 2.5868 = 1.574 s: 37.526 s to 40.674 s.
    RunResult first = status.results.get(4);
    RunResult second = status.results.get(5);
    assertThat(first.predictedSeconds).isEqualTo(39.1);
    assertThat(first.predictedInterval.low).isEqualTo(37.526);
    assertThat(first.predictedInterval.high).isEqualTo(40.674);
    assertThat(second.predictedSeconds).isEqualTo(39.1);
    // (39.1 − 40.5) / 40.5 = −3.46 %, inside the interval; (39.1 − 42) / 42 = −6.90 %, above it
    assertThat(first.predictionErrorPercent).isEqualTo(-3.5);
    assertThat(second.predictionErrorPercent).isEqualTo(-6.9);
    assertThat(status.results.subList(0, 4))
        .allSatisfy(r -> assertThat(r.predictedSeconds).isNull());

    ScalingBenchmarkStatus.PredictionCheck check = status.model.priorPredictions;
    assertThat(check.runs).isEqualTo(2);
    assertThat(check.meanAbsoluteErrorPercent).isEqualTo(5.2); // (3.5 + 6.9) / 2
    assertThat(check.worstErrorPercent).isEqualTo(6.9);
    assertThat(check.withInterval).isEqualTo(2);
    assertThat(check.withinInterval).isEqualTo(1);
  }

  @Test
  void aModelWithoutPredictedRunsHasNoPriorPredictions() {
    ScalingBenchmarkStatus.Model model =
        RunResults.model(List.of(entry(10_000, 20.0), entry(100_000, 29.0)), List.of());

    assertThat(model.priorPredictions).isNull();
  }

  @Test
  void aPredictionBeyondTenTimesTheLargestMeasuredCountIsFlaggedExtrapolated() {
    // 19.1 s + 100 µs/record fitted on 10k to 100k (as above); 10 × 100k = 1M is the last count
    // not flagged.
    ScalingBenchmarkStatus.Model model =
        RunResults.model(
            List.of(entry(10_000, 20.0), entry(10_000, 20.2), entry(100_000, 29.1)),
            List.of(500_000L, 1_000_000L, 2_000_000L));

    assertThat(model.predictions)
        .extracting(p -> p.records, p -> p.seconds, p -> p.extrapolated)
        .containsExactly(
            tuple(500_000L, 69.1, null), // 19.1 + 50
            tuple(1_000_000L, 119.1, null), // 19.1 + 100
            tuple(2_000_000L, 219.1, true)); // 19.1 + 200
    // at 1M: (1,000,000 − 55,000)² / 4.05e9 = 220.5; 12.7062 × 0.14142 × √222 = 26.774 s
    ScalingBenchmarkStatus.Prediction atMillion = model.predictions.get(1);
    assertThat(atMillion.low).isEqualTo(92.326);
    assertThat(atMillion.high).isEqualTo(145.874);
    assertThat(model.residualSeconds).isEqualTo(0.141); // √0.02
    assertThat(model.predictionsWithheld).isNull();
  }

  @Test
  void theFixedSecondsAreSplitByPartOfTheRun() {
    // Each part's line through 10k and 100k records, its intercept 10k × slope below its 10k
    // value: startup 10 s flat; generate 1 → 5.5 s, 0.5 s; bronze 2 → 2.9 s, 1.9 s; silver
    // 5 → 9.5 s, 4.5 s; gold 2 s flat. The stages add up to the durations, 20 s and 29.9 s, so
    // their intercepts to the model's 20 − 1.1 = 18.9 s. Outside the JVM: queued 2 s, scheduling
    // 1 s, containerStart 3 s, jvmStart 0.4 s, driverExit 1.5 → 2.4 s (1.4 s) and recording 0.2 s.
    RunResult small = staged(10_000, 10.0, 1.0, 2.0, 5.0, 2.0, 1.5);
    RunResult large = staged(100_000, 10.0, 5.5, 2.9, 9.5, 2.0, 2.4);

    ScalingBenchmarkStatus.Model model = RunResults.model(List.of(small, large), List.of());

    assertThat(model.fixedSeconds).isEqualTo(18.9);
    assertThat(model.fixedSecondsByPart)
        .containsExactly(
            Map.entry("queued", 2.0),
            Map.entry("scheduling", 1.0),
            Map.entry("containerStart", 3.0),
            Map.entry("jvmStart", 0.4),
            Map.entry("startup", 10.0),
            Map.entry("generate", 0.5),
            Map.entry("bronze", 1.9),
            Map.entry("silver", 4.5),
            Map.entry("gold", 2.0),
            Map.entry("driverExit", 1.4),
            Map.entry("recording", 0.2));
    // 10 + 0.5 + 1.9 + 4.5 + 2 = 18.9
    assertThat(
            model.fixedSecondsByPart.get("startup")
                + model.fixedSecondsByPart.get("generate")
                + model.fixedSecondsByPart.get("bronze")
                + model.fixedSecondsByPart.get("silver")
                + model.fixedSecondsByPart.get("gold"))
        .isCloseTo(model.fixedSeconds, offset(1e-9));
  }

  @Test
  void runsWithoutStagesOrTimelineHaveNoFixedSecondsByPart() {
    ScalingBenchmarkStatus.Model model =
        RunResults.model(List.of(entry(10_000, 20.0), entry(100_000, 29.0)), List.of());

    assertThat(model.fixedSecondsByPart).isNull();
  }

  @Test
  void mapsHowTheRunUsedItsCores() {
    BenchmarkResult base = Results.succeeded(100_000, 27.7);
    // 50 core-seconds allocated over the stages, of which the tasks used 27.7 × 0.8 = 22.16:
    // 1 − 22.16 / 50 = 55.68 % wasted
    BenchmarkResult withEfficiency =
        base.withTimeline(
            base.timeline(), new BenchmarkResult.Efficiency(40.0, 1.6049, 50.0, 7, 12));

    RunResult r =
        RunResults.toRunResult(
            withEfficiency, new RunId(100_000, 2, 1, 1, false), "p", NOW, List.of());

    assertThat(r.efficiency.averageActiveTasks).isEqualTo(1.6);
    assertThat(r.efficiency.allocatedCoreSeconds).isEqualTo(50.0);
    assertThat(r.efficiency.usedCoreSeconds).isEqualTo(22.16);
    assertThat(r.efficiency.wastedPercent).isEqualTo(55.7);
    assertThat(r.efficiency.longestStageChain).isEqualTo(7);
    assertThat(r.efficiency.stages).isEqualTo(12);
    assertThat(r.timeline).isNull();
  }

  /** A run with these stage seconds, its duration their sum, and a timeline. */
  private static RunResult staged(
      long records,
      double startup,
      double generate,
      double bronze,
      double silver,
      double gold,
      double driverExit) {
    RunResult r = entry(records, startup + generate + bronze + silver + gold);
    r.stages = new ScalingBenchmarkStatus.Stages();
    r.stages.startup = startup;
    r.stages.generate = generate;
    r.stages.bronze = bronze;
    r.stages.silver = silver;
    r.stages.gold = gold;
    r.timeline = new ScalingBenchmarkStatus.Timeline();
    r.timeline.queued = 2.0;
    r.timeline.scheduling = 1.0;
    r.timeline.containerStart = 3.0;
    r.timeline.jvmStart = 0.4;
    r.timeline.run = r.durationSeconds;
    r.timeline.driverExit = driverExit;
    r.timeline.recording = 0.2;
    return r;
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
