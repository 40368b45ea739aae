package io.sparkbench.operator.status;

import io.sparkbench.api.result.BenchmarkResult;
import io.sparkbench.api.result.ScalingModel;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.Model;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.RunResult;
import io.sparkbench.operator.driver.RunId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Maps the driver's result document into the status and refits the scaling model. */
public final class RunResults {

  private RunResults() {}

  /**
   * The status entry of a successful run. {@code predictedSeconds} comes from the model fitted on
   * the earlier results with fewer records, when two or more such counts exist.
   */
  public static RunResult toRunResult(
      BenchmarkResult result,
      RunId run,
      String driverPod,
      Instant finishedAt,
      List<RunResult> earlier) {
    RunResult entry = new RunResult();
    entry.records = run.records();
    entry.repetition = run.repetition();
    entry.attempt = run.attempt();
    entry.durationSeconds = round(result.totalSeconds(), 3);
    if (result.stages() != null) {
      BenchmarkResult.StageSeconds s = result.stages();
      entry.stages = new ScalingBenchmarkStatus.Stages();
      entry.stages.startup = round(s.startup(), 3);
      entry.stages.generate = round(s.generate(), 3);
      entry.stages.bronze = round(s.bronze(), 3);
      entry.stages.silver = round(s.silver(), 3);
      entry.stages.gold = round(s.gold(), 3);
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
      entry.peakMemoryMiB.driver = rss(result.memory().driver());
      entry.peakMemoryMiB.executor = rss(result.memory().executor());
    }
    if (result.cpu() != null) {
      entry.cpuUtilization = round(result.cpu().utilization(), 3);
      entry.cpuSeconds = new ScalingBenchmarkStatus.CpuSeconds();
      entry.cpuSeconds.tasks = round(result.cpu().taskSeconds(), 3);
      entry.cpuSeconds.driver = round(result.cpu().processSeconds(), 3);
      entry.cpuSeconds.driverJit = roundOrNull(result.cpu().jitSeconds());
      entry.cpuSeconds.driverGc = roundOrNull(result.cpu().gcSeconds());
      entry.cpuSeconds.executors = roundOrNull(result.cpu().executorProcessSeconds());
      entry.cpuSeconds.executorsJit = roundOrNull(result.cpu().executorJitSeconds());
      entry.cpuSeconds.executorsGc = roundOrNull(result.cpu().executorGcSeconds());
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
    String curve = costCurve(entry);
    ScalingModel before =
        ScalingModel.fitOrNull(
            samples(
                earlier.stream()
                    .filter(r -> r.records < run.records())
                    .filter(r -> costCurve(r).equals(curve))
                    .toList()));
    if (before != null && withheld(before, run.records()) == null) {
      entry.predictedSeconds = round(before.predictSeconds(run.records()), 3);
    }
    entry.sparkApplicationId = result.applicationId();
    entry.eventLog = result.eventLogUri();
    entry.driverPod = driverPod;
    entry.finishedAt = finishedAt.truncatedTo(ChronoUnit.SECONDS).toString();
    return entry;
  }

  /**
   * Appends a result (dropping the oldest beyond {@link ScalingBenchmarkStatus#MAX_RESULTS}),
   * refits the model and counts the run; the progress text is left to {@link PhaseStatus}.
   */
  public static void append(ScalingBenchmarkStatus status, RunResult result, List<Long> predict) {
    List<RunResult> results = new ArrayList<>(status.results);
    results.add(result);
    while (results.size() > ScalingBenchmarkStatus.MAX_RESULTS) {
      results.remove(0);
    }
    status.results = results;
    status.model = model(results, predict);
    status.lastDurationSeconds = result.durationSeconds;
    status.completedRuns = (status.completedRuns == null ? 0 : status.completedRuns) + 1;
  }

  /**
   * The model over the results of the newest result's cost curve (see {@link #costCurve}), or null
   * with fewer than two record counts among them. Runs of another curve are left out and counted,
   * so a fit never mixes, say, runs with and without a class-data-sharing archive.
   */
  public static Model model(List<RunResult> results, List<Long> predict) {
    if (results.isEmpty()) {
      return null;
    }
    String curve = costCurve(results.get(results.size() - 1));
    List<RunResult> fitted = results.stream().filter(r -> costCurve(r).equals(curve)).toList();
    ScalingModel fit = ScalingModel.fitOrNull(samples(fitted));
    if (fit == null) {
      return null;
    }
    Model model = new Model();
    model.jvm = curve;
    model.runs = fitted.size();
    int left = results.size() - fitted.size();
    if (left > 0) {
      List<String> others =
          results.stream()
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
    model.fixedSeconds = round(fit.fixedSeconds(), 3);
    model.microsPerRecord = round(fit.microsPerRecord(), 3);
    model.rSquared = Double.isNaN(fit.rSquared()) ? null : round(fit.rSquared(), 4);
    List<String> withheld = new ArrayList<>();
    for (Long records : predict) {
      String why = withheld(fit, records);
      if (why != null) {
        if (!withheld.contains(why)) {
          withheld.add(why);
        }
        continue;
      }
      ScalingBenchmarkStatus.Prediction p = new ScalingBenchmarkStatus.Prediction();
      p.records = records;
      p.seconds = round(fit.predictSeconds(records), 3);
      model.predictions.add(p);
    }
    model.predictionsWithheld = withheld.isEmpty() ? null : String.join("; ", withheld);
    return model;
  }

  /**
   * Why the fit must not predict a run of {@code records}, or null when it may. A line whose cost
   * per record is not positive says more records take no longer, or less time, and at some size a
   * negative time: that happens when the measured durations differ by less than their noise, and
   * such a line predicts nothing. A positive slope with a negative intercept can still give a count
   * too small a time of zero or less; that one prediction is left out.
   */
  static String withheld(ScalingModel fit, long records) {
    if (!fit.canPredict()) {
      return String.format(
          Locale.ROOT,
          "no predictions: the fitted cost per record is %.3f µs, not positive, so the durations"
              + " did not grow with the record count beyond their noise; measure record counts"
              + " further apart (e.g. 10x) or more repetitions",
          fit.microsPerRecord());
    }
    double seconds = fit.predictSeconds(records);
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

  static List<ScalingModel.Sample> samples(List<RunResult> results) {
    return results.stream()
        .filter(r -> r.durationSeconds != null)
        .map(r -> new ScalingModel.Sample(r.records, r.durationSeconds))
        .toList();
  }

  private static Long rss(BenchmarkResult.Peak peak) {
    return peak == null ? null : peak.rssMiB();
  }

  private static Double roundOrNull(Double seconds) {
    return seconds == null ? null : round(seconds, 3);
  }

  static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
