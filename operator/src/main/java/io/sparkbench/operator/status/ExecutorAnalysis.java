package io.sparkbench.operator.status;

import io.sparkbench.api.fit.ErnestFit;
import io.sparkbench.api.fit.LineFit;
import io.sparkbench.api.fit.ScalingRatios;
import io.sparkbench.api.fit.UslFit;
import io.sparkbench.api.result.ScalingModel;
import io.sparkbench.api.run.RunPlan;
import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.ExecutorScaling;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How a benchmark's time falls with executors: the line of each executor count, the Ernest model
 * across them, speedup and efficiency per record count, and the Universal Scalability Law on the
 * largest record count's throughput. Only for specs that list executor counts.
 */
public final class ExecutorAnalysis {

  private ExecutorAnalysis() {}

  /**
   * The analysis of {@code results}, or null when the spec sweeps no executor counts or fewer than
   * two of its counts have runs. Runs of the newest run's cost curve only (see {@link
   * RunResults#costCurve}).
   */
  public static ExecutorScaling of(List<RunResult> results, ScalingBenchmarkSpec spec) {
    RunPlan plan = RunPlan.of(spec);
    if (!plan.sweepsExecutors() || results.isEmpty()) {
      return null;
    }
    String curve = RunResults.costCurve(results.get(results.size() - 1));
    List<RunResult> runs =
        results.stream()
            .filter(r -> r.durationSeconds != null && r.durationSeconds > 0)
            .filter(r -> RunResults.costCurve(r).equals(curve))
            .toList();
    // executors → records → seconds of each repetition
    TreeMap<Integer, TreeMap<Long, List<Double>>> grid = new TreeMap<>();
    for (RunResult r : runs) {
      grid.computeIfAbsent(plan.executorsOf(r), e -> new TreeMap<>())
          .computeIfAbsent(r.records, n -> new ArrayList<>())
          .add(r.durationSeconds);
    }
    if (grid.size() < 2) {
      return null;
    }
    ExecutorScaling scaling = new ExecutorScaling();
    int left = results.size() - runs.size();
    if (left > 0) {
      scaling.runsLeftOut =
          String.format(
              Locale.ROOT,
              "%d run%s left out: %s, not the newest run's %s",
              left,
              left == 1 ? "" : "s",
              left == 1 ? "its driver JVM differed" : "their driver JVMs differed",
              curve);
    }
    grid.forEach((executors, byRecords) -> line(scaling, executors, byRecords));
    ernest(scaling, runs, plan, spec.predict);
    // records → executors → median seconds, which speedup and the USL both read
    TreeMap<Long, TreeMap<Integer, Double>> medians = new TreeMap<>();
    grid.forEach(
        (executors, perRecords) ->
            perRecords.forEach(
                (records, seconds) ->
                    medians
                        .computeIfAbsent(records, n -> new TreeMap<>())
                        .put(executors, ScalingModel.median(seconds))));
    speedup(scaling, medians);
    usl(scaling, medians);
    return scaling;
  }

  private static void line(
      ExecutorScaling scaling, int executors, TreeMap<Long, List<Double>> byRecords) {
    if (byRecords.size() < 2) {
      return;
    }
    SortedMap<Double, List<Double>> byX = new TreeMap<>();
    byRecords.forEach((records, seconds) -> byX.put((double) records, seconds));
    LineFit fit = LineFit.fit(byX);
    ScalingBenchmarkStatus.ExecutorLine line = new ScalingBenchmarkStatus.ExecutorLine();
    line.executors = executors;
    line.fixedSeconds = RunResults.round(fit.intercept(), 3);
    line.microsPerRecord = RunResults.round(fit.slope() * 1e6, 3);
    line.rSquared = RunResults.roundOrNull(fit.rSquared(), 4);
    line.runs = fit.samples();
    scaling.lines.add(line);
  }

  private static void ernest(
      ExecutorScaling scaling, List<RunResult> runs, RunPlan plan, List<Long> predict) {
    List<ErnestFit.Sample> samples =
        runs.stream()
            .map(r -> new ErnestFit.Sample(r.records, plan.executorsOf(r), r.durationSeconds))
            .toList();
    ErnestFit fit;
    try {
      fit = ErnestFit.fit(samples);
    } catch (IllegalArgumentException e) {
      scaling.ernestWithheld = Messages.bounded(e.getMessage());
      return;
    }
    ScalingBenchmarkStatus.Ernest ernest = new ScalingBenchmarkStatus.Ernest();
    ernest.fixedSeconds = RunResults.round(fit.fixedSeconds(), 3);
    ernest.microsPerRecord = RunResults.round(fit.microsPerRecord(), 3);
    ernest.logExecutorsSeconds = RunResults.round(fit.logExecutorSeconds(), 3);
    ernest.perExecutorSeconds = RunResults.round(fit.perExecutorSeconds(), 3);
    ernest.rSquared = RunResults.roundOrNull(fit.rSquared(), 4);
    ernest.runs = fit.samples();
    scaling.ernest = ernest;
    long largest = runs.stream().mapToLong(r -> r.records).max().orElse(1);
    for (Long records : predict == null ? List.<Long>of() : predict) {
      for (int executors : plan.executors()) {
        ScalingBenchmarkStatus.ExecutorPrediction p =
            new ScalingBenchmarkStatus.ExecutorPrediction();
        p.records = records;
        p.executors = executors;
        p.seconds = RunResults.round(fit.predict(records, executors), 3);
        if (records > RunResults.EXTRAPOLATION_FACTOR * largest) {
          p.extrapolated = true;
        }
        scaling.predictions.add(p);
      }
    }
  }

  private static void speedup(
      ExecutorScaling scaling, TreeMap<Long, TreeMap<Integer, Double>> byRecords) {
    byRecords.forEach(
        (records, medians) -> {
          if (medians.size() < 2) {
            return;
          }
          ScalingRatios ratios = ScalingRatios.of(medians);
          for (ScalingRatios.Ratio ratio : ratios.ratios()) {
            ScalingBenchmarkStatus.Speedup s = new ScalingBenchmarkStatus.Speedup();
            s.records = records;
            s.executors = ratio.executors();
            s.seconds = RunResults.round(ratio.seconds(), 3);
            s.speedup = RunResults.round(ratio.speedup(), 3);
            s.efficiency = RunResults.round(ratio.efficiency(), 3);
            scaling.speedup.add(s);
          }
        });
  }

  private static void usl(
      ExecutorScaling scaling, TreeMap<Long, TreeMap<Integer, Double>> medians) {
    // the largest record count measured at the most executor counts
    Map.Entry<Long, TreeMap<Integer, Double>> chosen = null;
    for (Map.Entry<Long, TreeMap<Integer, Double>> e : medians.entrySet()) {
      if (chosen == null || e.getValue().size() >= chosen.getValue().size()) {
        chosen = e;
      }
    }
    if (chosen.getValue().size() < 3) {
      scaling.uslWithheld =
          "the Universal Scalability Law has three coefficients: it needs runs at three or more"
              + " executor counts, got "
              + chosen.getValue().size();
      return;
    }
    long records = chosen.getKey();
    List<UslFit.Point> points = new ArrayList<>();
    // throughput in records per second
    chosen.getValue().forEach((n, seconds) -> points.add(new UslFit.Point(n, records / seconds)));
    UslFit fit;
    try {
      fit = UslFit.fit(points);
    } catch (IllegalArgumentException e) {
      scaling.uslWithheld = Messages.bounded(e.getMessage());
      return;
    }
    ScalingBenchmarkStatus.Usl usl = new ScalingBenchmarkStatus.Usl();
    usl.records = records;
    usl.lambda = RunResults.round(fit.lambda(), 1);
    usl.sigma = RunResults.round(fit.sigma(), 5);
    usl.kappa = RunResults.round(fit.kappa(), 6);
    usl.rSquared = RunResults.roundOrNull(fit.rSquared(), 4);
    fit.peakN().ifPresent(peak -> usl.peakExecutors = RunResults.round(peak, 1));
    scaling.usl = usl;
  }
}
