package io.sparkbench.operator.status;

import io.sparkbench.api.fit.LineFit;
import io.sparkbench.api.result.BenchmarkResult;
import io.sparkbench.api.run.Measures;
import io.sparkbench.api.run.RunId;
import io.sparkbench.api.run.RunPlan;
import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.Model;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.RunResult;
import io.sparkbench.operator.cost.RunCost;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/** Maps the driver's result document into the status and refits the scaling model. */
public final class RunResults {

  private RunResults() {}

  /**
   * The status entry of a successful run. {@code predictedSeconds} comes from the model fitted on
   * the earlier results with fewer records at the same executor count, when two or more such counts
   * exist, with its interval when that model has a measure of its error, and the error against the
   * measured duration.
   */
  public static RunResult toRunResult(
      BenchmarkResult result,
      RunId run,
      String driverPod,
      Instant finishedAt,
      List<RunResult> earlier) {
    RunResult entry = new RunResult();
    RunPlan.identify(entry, run);
    entry.durationSeconds = round(result.totalSeconds(), 3);
    if (result.stages() != null) {
      entry.stages = new ScalingBenchmarkStatus.Stages();
      for (Measures.Stage stage : Measures.Stage.values()) {
        stage.set(entry.stages, round(stage.of(result.stages()), 3));
      }
    }
    if (result.rows() != null) {
      BenchmarkResult.RowCounts r = result.rows();
      entry.rows = new ScalingBenchmarkStatus.Rows();
      entry.rows.generated = r.generated();
      entry.rows.bronze = r.bronze();
      entry.rows.rejected = r.rejected();
      entry.rows.duplicates = r.duplicates();
      entry.rows.silver = r.silver();
      entry.rows.gold = r.gold();
    }
    if (result.memory() != null) {
      entry.peakMemoryMiB = new ScalingBenchmarkStatus.PeakMemory();
      for (Measures.MemoryRole role : Measures.MemoryRole.values()) {
        role.set(entry.peakMemoryMiB, rss(role.of(result.memory())));
      }
    }
    if (result.cpu() != null) {
      entry.cpuUtilization = round(result.cpu().utilization(), 3);
      entry.cpuSeconds = new ScalingBenchmarkStatus.CpuSeconds();
      for (Measures.CpuPart part : Measures.CpuPart.values()) {
        part.set(entry.cpuSeconds, roundOrNull(part.of(result.cpu())));
      }
    }
    if (result.efficiency() != null) {
      BenchmarkResult.Efficiency e = result.efficiency();
      entry.efficiency = new ScalingBenchmarkStatus.Efficiency();
      entry.efficiency.averageActiveTasks = round(e.averageActiveTasks(), 2);
      entry.efficiency.allocatedCoreSeconds = round(e.allocatedCoreSeconds(), 3);
      entry.efficiency.longestStageChain = e.longestStageChain();
      entry.efficiency.stages = e.stages();
      if (result.cpu() != null) {
        double used = result.cpu().taskSeconds();
        entry.efficiency.usedCoreSeconds = round(used, 3);
        if (e.allocatedCoreSeconds() > 0) {
          entry.efficiency.wastedPercent =
              round(Math.max(0, 100 * (1 - used / e.allocatedCoreSeconds())), 1);
        }
      }
    }
    if (result.totalSeconds() > 0) {
      entry.recordsPerSecond = round(run.records() / result.totalSeconds(), 1);
    }
    entry.totalAmount = result.totalAmount();
    if (result.jvm() != null) {
      entry.jvm = new ScalingBenchmarkStatus.Jvm();
      entry.jvm.settings = result.jvm().settings();
      entry.jvm.jit = result.jvm().jit();
      entry.jvm.gc = result.jvm().gc();
      entry.jvm.heapMiB = result.jvm().heapMiB();
      entry.jvm.archive = result.jvm().archive();
    }
    predictBefore(entry, earlier);
    entry.sparkApplicationId = result.applicationId();
    entry.eventLog = result.eventLogUri();
    entry.driverPod = driverPod;
    entry.finishedAt = finishedAt.truncatedTo(ChronoUnit.SECONDS).toString();
    return entry;
  }

  /**
   * What the earlier runs' model said this run would take, before it was measured: the line of the
   * runs with fewer records on the same cost curve and executor count.
   */
  private static void predictBefore(RunResult entry, List<RunResult> earlier) {
    String curve = costCurve(entry);
    List<RunResult> before =
        earlier.stream()
            .filter(r -> r.records < entry.records)
            .filter(r -> sameExecutors(r.executors, entry.executors))
            .filter(r -> costCurve(r).equals(curve))
            .toList();
    LineFit fit = fitOrNull(before);
    if (fit == null) {
      return;
    }
    // Unlike spec.predict's, this prediction is made also from a line that falls: what the
    // earlier runs said, and how far off it was, is what shows how little they could tell.
    double predicted = fit.predict(entry.records);
    if (!(predicted > 0)) {
      return;
    }
    entry.predictedSeconds = round(predicted, 3);
    if (entry.durationSeconds != null && entry.durationSeconds > 0) {
      entry.predictionErrorPercent =
          round(100 * (predicted - entry.durationSeconds) / entry.durationSeconds, 1);
    }
    LineFit.Interval interval = fit.interval(entry.records);
    if (interval != null) {
      entry.predictedInterval =
          new ScalingBenchmarkStatus.Interval(
              round(Math.max(0, interval.low()), 3), round(interval.high(), 3));
    }
  }

  /**
   * Appends a result (dropping the oldest beyond {@link ScalingBenchmarkStatus#MAX_RESULTS}),
   * refits the models and counts the run; the progress text is left to {@link PhaseStatus}.
   */
  public static void append(
      ScalingBenchmarkStatus status, RunResult result, ScalingBenchmarkSpec spec) {
    List<RunResult> results = new ArrayList<>(status.results);
    results.add(result);
    while (results.size() > ScalingBenchmarkStatus.MAX_RESULTS) {
      results.remove(0);
    }
    status.results = results;
    refit(status, spec);
    status.lastDurationSeconds = result.durationSeconds;
    status.completedRuns = (status.completedRuns == null ? 0 : status.completedRuns) + 1;
  }

  /** Fits every model of the status again from its results: after a result, or a new predict. */
  public static void refit(ScalingBenchmarkStatus status, ScalingBenchmarkSpec spec) {
    List<Long> predict = spec == null || spec.predict == null ? List.of() : spec.predict;
    status.model = model(status.results, predict);
    status.executorScaling = ExecutorAnalysis.of(status.results, spec);
    status.memory = MemoryFits.of(status.results, spec);
  }

  /**
   * The model over the results of the newest result's cost curve (see {@link #costCurve}) and
   * executor count, or null with fewer than two record counts among them. Runs of another curve are
   * left out and counted, so a fit never mixes, say, runs with and without a class-data-sharing
   * archive; runs of other executor counts have lines of their own ({@link ExecutorAnalysis}).
   */
  public static Model model(List<RunResult> results, List<Long> predict) {
    if (results.isEmpty()) {
      return null;
    }
    RunResult newest = results.get(results.size() - 1);
    String curve = costCurve(newest);
    List<RunResult> sameExecutors =
        results.stream().filter(r -> sameExecutors(r.executors, newest.executors)).toList();
    List<RunResult> fitted =
        sameExecutors.stream().filter(r -> costCurve(r).equals(curve)).toList();
    LineFit fit = fitOrNull(fitted);
    if (fit == null) {
      return null;
    }
    Model model = new Model();
    model.jvm = curve;
    model.executors = newest.executors;
    model.runs = fitted.size();
    int left = sameExecutors.size() - fitted.size();
    if (left > 0) {
      List<String> others =
          sameExecutors.stream()
              .map(RunResults::costCurve)
              .filter(c -> !c.equals(curve))
              .distinct()
              .toList();
      model.runsLeftOut =
          String.format(
              Locale.ROOT,
              "%d run%s left out: %s a driver JVM of %s, not the newest run's %s",
              left,
              left == 1 ? "" : "s",
              left == 1 ? "it had" : "they had",
              String.join(" or ", others),
              curve);
    }
    model.fixedSeconds = round(fit.intercept(), 3);
    model.microsPerRecord = round(fit.slope() * 1e6, 3);
    model.rSquared = roundOrNull(fit.rSquared(), 4);
    model.residualSeconds = roundOrNull(fit.residualStandardError(), 3);
    model.priorPredictions = priorPredictions(fitted);
    model.fixedSecondsByPart = fixedByPart(fitted);
    model.costPerMillionRecords =
        RunCost.perMillionRecords(
            model, fitted.stream().filter(r -> r.cost != null).reduce((a, b) -> b).orElse(null));
    long largest = fitted.stream().mapToLong(r -> r.records).max().orElse(1);
    List<String> withheld = new ArrayList<>();
    for (Long records : predict) {
      String why = withheld(fit, records);
      LineFit.Interval interval = fit.interval(records);
      if (why == null && interval == null) {
        why =
            String.format(
                Locale.ROOT,
                "no predictions: %d runs fit a line exactly, so the model has no measure of its"
                    + " error; measure a third record count or a second repetition",
                fit.samples());
      }
      if (why != null) {
        if (!withheld.contains(why)) {
          withheld.add(why);
        }
        continue;
      }
      ScalingBenchmarkStatus.Prediction p = new ScalingBenchmarkStatus.Prediction();
      p.records = records;
      p.seconds = round(fit.predict(records), 3);
      p.low = round(Math.max(0, interval.low()), 3);
      p.high = round(interval.high(), 3);
      if (records > EXTRAPOLATION_FACTOR * largest) {
        p.extrapolated = true;
      }
      model.predictions.add(p);
    }
    model.predictionsWithheld = withheld.isEmpty() ? null : String.join("; ", withheld);
    return model;
  }

  /**
   * Whether two runs had the same executor count; a result written before runs recorded it had the
   * benchmark's only count, which is every later run's as long as the spec is unchanged.
   */
  private static boolean sameExecutors(Integer a, Integer b) {
    return a == null || b == null || a.equals(b);
  }

  /** Beyond this many times the largest measured record count a prediction is flagged. */
  public static final long EXTRAPOLATION_FACTOR = 10;

  /** How the runs' own predictions, made before each was measured, compared with them. */
  private static ScalingBenchmarkStatus.PredictionCheck priorPredictions(List<RunResult> runs) {
    List<RunResult> predicted =
        runs.stream().filter(r -> r.predictionErrorPercent != null).toList();
    if (predicted.isEmpty()) {
      return null;
    }
    ScalingBenchmarkStatus.PredictionCheck check = new ScalingBenchmarkStatus.PredictionCheck();
    check.runs = predicted.size();
    check.meanAbsoluteErrorPercent =
        round(
            predicted.stream()
                .mapToDouble(r -> Math.abs(r.predictionErrorPercent))
                .average()
                .orElse(0),
            1);
    check.worstErrorPercent =
        round(
            predicted.stream().mapToDouble(r -> Math.abs(r.predictionErrorPercent)).max().orElse(0),
            1);
    List<RunResult> withInterval =
        predicted.stream().filter(r -> r.predictedInterval != null).toList();
    check.withInterval = withInterval.size();
    check.withinInterval =
        (int)
            withInterval.stream()
                .filter(
                    r ->
                        r.durationSeconds >= r.predictedInterval.low
                            && r.durationSeconds <= r.predictedInterval.high)
                .count();
    return check;
  }

  /**
   * The intercept of each part of the runs fitted against records as the model is: the run's stages
   * (which add up to its duration, so their intercepts to about the model's fixed seconds) and the
   * parts of the timeline outside the driver's JVM.
   */
  private static Map<String, Double> fixedByPart(List<RunResult> runs) {
    Map<String, Double> parts = new LinkedHashMap<>();
    for (Measures.TimelinePart part : Measures.TimelinePart.values()) {
      if (part == Measures.TimelinePart.RUN) {
        for (Measures.Stage stage : Measures.Stage.values()) {
          putIntercept(parts, stage.key, runs, stage::of);
        }
      } else {
        putIntercept(parts, part.key, runs, part::of);
      }
    }
    return parts.isEmpty() ? null : parts;
  }

  private static void putIntercept(
      Map<String, Double> parts,
      String key,
      List<RunResult> runs,
      Function<RunResult, ? extends Number> value) {
    LineFit fit = lineOrNull(runs, value);
    if (fit != null) {
      parts.put(key, round(fit.intercept(), 3));
    }
  }

  /** The line over these runs' durations against records, or null with fewer than two counts. */
  static LineFit fitOrNull(List<RunResult> results) {
    return lineOrNull(results, r -> r.durationSeconds);
  }

  /**
   * The line over one figure of these runs against records (the median of each count, as {@link
   * LineFit} fits), or null with fewer than two counts that have it.
   */
  static LineFit lineOrNull(List<RunResult> runs, Function<RunResult, ? extends Number> value) {
    SortedMap<Double, List<Double>> byRecords = new TreeMap<>();
    for (RunResult r : runs) {
      Number v = value.apply(r);
      if (v != null) {
        byRecords.computeIfAbsent((double) r.records, k -> new ArrayList<>()).add(v.doubleValue());
      }
    }
    return byRecords.size() < 2 ? null : LineFit.fit(byRecords);
  }

  /**
   * Why the fit must not predict a run of {@code records}, or null when it may. A line whose cost
   * per record is not positive says more records take no longer, or less time, and at some size a
   * negative time: that happens when the measured durations differ by less than their noise, and
   * such a line predicts nothing. A positive slope with a negative intercept can still give a count
   * too small a time of zero or less; that one prediction is left out.
   */
  static String withheld(LineFit fit, long records) {
    if (!(fit.slope() > 0)) {
      return String.format(
          Locale.ROOT,
          "no predictions: the fitted cost per record is %.3f µs, not positive, so the durations"
              + " did not grow with the record count beyond their noise; measure record counts"
              + " further apart (e.g. 10x) or more repetitions",
          fit.slope() * 1e6);
    }
    double seconds = fit.predict(records);
    if (!(seconds > 0)) {
      return String.format(
          Locale.ROOT,
          "no prediction for %,d records: the model gives %.3f s (its fixed cost is negative);"
              + " predict record counts within or above the measured ones",
          records,
          seconds);
    }
    return null;
  }

  /**
   * What puts two runs on one cost curve: their driver JVMs' run settings, JIT compilers and
   * whether they mapped a class-data-sharing archive. Each changes the fixed cost or the cost per
   * record by more than the noise (C1 against tiered compilation by a third at 10k records; an
   * archive by several seconds of startup), so one line over runs that differ in any of them fits
   * neither.
   */
  public static String costCurve(RunResult result) {
    ScalingBenchmarkStatus.Jvm jvm = result.jvm;
    if (jvm == null) {
      return "unrecorded JVM";
    }
    return String.format(
        Locale.ROOT,
        "%s settings, %s JIT, %s",
        jvm.settings,
        jvm.jit,
        jvm.archive == null ? "no class-data archive" : "a class-data archive");
  }

  private static Long rss(BenchmarkResult.Peak peak) {
    return peak == null ? null : peak.rssMiB();
  }

  private static Double roundOrNull(Double seconds) {
    return seconds == null ? null : round(seconds, 3);
  }

  /** {@code value} rounded, or null where a fit has none ({@code NaN}: no spread, no freedom). */
  static Double roundOrNull(double value, int decimals) {
    return Double.isNaN(value) ? null : round(value, decimals);
  }

  static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    // + 0.0 turns a negative zero (a small negative rounded) into 0.0
    return Math.round(value * scale) / scale + 0.0;
  }
}
