package io.sparkbench.local.cli;

import io.sparkbench.api.run.Measures;
import io.sparkbench.api.run.RunPlan;
import io.sparkbench.api.v1.Comparison;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.RunResult;
import io.sparkbench.operator.cost.RunCost;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The readable form of a ScalingBenchmark's status: one line per run (its stages, peak memory, CPU:
 * the tasks', the driver's and the driver's JIT threads' seconds, and what the model of the smaller
 * runs predicted with its error, the core- and GiB-seconds its pods requested and, with a price
 * table, their cost), then the model with its intervals, where its fixed seconds go, what a run of
 * a million records costs by it, and with an executor sweep how time falls with executors.
 */
final class ResultsTable {

  /** The CPU parts the table shows, of those the status keeps. */
  private static final List<Measures.CpuPart> CPU =
      List.of(Measures.CpuPart.TASKS, Measures.CpuPart.DRIVER, Measures.CpuPart.DRIVER_JIT);

  private static final Map<Measures.CpuPart, String> CPU_HEADERS =
      Map.of(
          Measures.CpuPart.TASKS, "tasks s",
          Measures.CpuPart.DRIVER, "driver s",
          Measures.CpuPart.DRIVER_JIT, "jit s");

  private ResultsTable() {}

  static String of(ScalingBenchmark benchmark) {
    ScalingBenchmarkStatus status = benchmark.getStatus();
    StringBuilder out = new StringBuilder();
    line(
        out,
        "%s: %s, %s runs",
        benchmark.getMetadata().getName(),
        status == null || status.phase == null ? "Pending" : status.phase,
        status == null || status.progress == null ? "0" : status.progress);
    if (status == null) {
      return out.toString();
    }
    RunPlan plan = RunPlan.of(benchmark.getSpec());
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%12s", "records"));
    if (plan.sweepsExecutors()) {
      header.append(String.format(Locale.ROOT, " %4s", "exec"));
    }
    header.append(String.format(Locale.ROOT, " %4s %8s", "rep", "total s"));
    for (Measures.Stage stage : Measures.Stage.values()) {
      header.append(String.format(Locale.ROOT, " %8s", stage.key));
    }
    for (Measures.MemoryRole role : Measures.MemoryRole.values()) {
      header.append(
          String.format(
              Locale.ROOT,
              " %10s",
              (role == Measures.MemoryRole.DRIVER ? "driver" : "exec") + " MiB"));
    }
    header.append(String.format(Locale.ROOT, " %5s", "cpu%"));
    for (Measures.CpuPart part : CPU) {
      header.append(String.format(Locale.ROOT, " %8s", CPU_HEADERS.get(part)));
    }
    header.append(String.format(Locale.ROOT, " %10s %10s %7s", "records/s", "predicted", "error"));
    header.append(String.format(Locale.ROOT, " %8s %8s", "core-s", "GiB-s"));
    boolean priced = status.results.stream().anyMatch(r -> r.cost != null && r.cost.amount != null);
    if (priced) {
      header.append(" cost");
    }
    out.append(header).append('\n');
    for (RunResult r : status.results) {
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%,12d", r.records));
      if (plan.sweepsExecutors()) {
        row.append(String.format(Locale.ROOT, " %4d", plan.executorsOf(r)));
      }
      row.append(String.format(Locale.ROOT, " %4d %8.2f", r.repetition, r.durationSeconds));
      for (Measures.Stage stage : Measures.Stage.values()) {
        row.append(String.format(Locale.ROOT, " %8s", decimals(stage.of(r), 2)));
      }
      for (Measures.MemoryRole role : Measures.MemoryRole.values()) {
        Long mib = role.of(r);
        row.append(String.format(Locale.ROOT, " %10s", mib == null ? "-" : mib.toString()));
      }
      row.append(
          String.format(
              Locale.ROOT,
              " %5s",
              r.cpuUtilization == null
                  ? "-"
                  : String.format(Locale.ROOT, "%.0f", r.cpuUtilization * 100)));
      for (Measures.CpuPart part : CPU) {
        row.append(String.format(Locale.ROOT, " %8s", decimals(part.of(r), 1)));
      }
      row.append(
          String.format(
              Locale.ROOT,
              " %,10.0f %10s %7s",
              r.recordsPerSecond == null ? 0.0 : r.recordsPerSecond,
              decimals(r.predictedSeconds, 2),
              r.predictionErrorPercent == null
                  ? "-"
                  : String.format(Locale.ROOT, "%+.0f%%", r.predictionErrorPercent)));
      ScalingBenchmarkStatus.Cost cost = r.cost;
      row.append(
          String.format(
              Locale.ROOT,
              " %8s %8s",
              cost == null ? "-" : decimals(cost.coreSeconds, 0),
              cost == null ? "-" : decimals(cost.gibSeconds, 0)));
      if (priced) {
        row.append(
            cost == null || cost.amount == null
                ? " -"
                : String.format(Locale.ROOT, " %.4f %s", cost.amount, cost.currency));
      }
      out.append(row).append('\n');
    }
    model(out, status.model);
    executors(out, status.executorScaling);
    for (ScalingBenchmarkStatus.MemoryFit m : status.memory) {
      line(
          out,
          "memory, %s: %.0f MiB %+.1f MiB per million records (R² %s); limit %d MiB%s;"
              + " recommended memory %s",
          m.role,
          m.fixedMiB,
          m.mibPerMillionRecords,
          m.rSquared == null ? "n/a" : String.format(Locale.ROOT, "%.2f", m.rSquared),
          m.limitMiB,
          m.limitReachedAtRecords == null
              ? ", not reached (no growth)"
              : String.format(
                  Locale.ROOT, " reached at about %,d records", m.limitReachedAtRecords),
          m.recommendedMemory);
    }
    Comparison comparison = status.comparison;
    if (comparison != null) {
      line(
          out,
          "regressed: %s (%s) against %s: %s",
          comparison.regressed,
          comparison.reason,
          comparison.baseline,
          comparison.message);
      for (String difference : comparison.differences) {
        line(out, "differs: %s", difference);
      }
    }
    if (status.history != null) {
      line(out, "history: %s (round %s)", status.history, status.round == null ? 1 : status.round);
    }
    if (status.nextRoundAt != null) {
      line(out, "next round: %s", status.nextRoundAt);
    }
    if (status.error != null) {
      line(out, "error: %s: %s", status.error.reason(), status.error.message());
    }
    return out.toString();
  }

  /** What the model said of a run before it was measured, for the progress lines. */
  static String predictionNote(RunResult r) {
    if (r.predictedSeconds == null) {
      return "";
    }
    return String.format(
        Locale.ROOT,
        ", predicted %.2f s%s (%+.0f%%)",
        r.predictedSeconds,
        r.predictedInterval == null
            ? ""
            : String.format(
                Locale.ROOT, " [%.1f, %.1f]", r.predictedInterval.low, r.predictedInterval.high),
        r.predictionErrorPercent == null ? 0.0 : r.predictionErrorPercent);
  }

  /** What a run cost, for the progress lines: its amount, or the resources its pods held. */
  static String costNote(RunResult r) {
    return r.cost == null ? "" : ", cost " + RunCost.describe(r.cost);
  }

  private static void model(StringBuilder out, ScalingBenchmarkStatus.Model model) {
    if (model == null || model.fixedSeconds == null) {
      return;
    }
    line(
        out,
        "model: %.2f s + %.3f µs/record (R² %s%s)",
        model.fixedSeconds,
        model.microsPerRecord,
        model.rSquared == null ? "n/a" : String.format(Locale.ROOT, "%.4f", model.rSquared),
        model.residualSeconds == null
            ? ", no measure of its error: two runs fit any line"
            : String.format(
                Locale.ROOT, ", runs scatter ±%.2f s around it", model.residualSeconds));
    if (model.jvm != null) {
      line(
          out,
          "model fitted on %d run%s%s, driver JVM: %s",
          model.runs,
          model.runs != null && model.runs == 1 ? "" : "s",
          model.executors == null ? "" : " with " + model.executors + " executor(s)",
          model.jvm);
    }
    if (model.runsLeftOut != null) {
      line(out, "%s", model.runsLeftOut);
    }
    if (model.priorPredictions != null) {
      ScalingBenchmarkStatus.PredictionCheck c = model.priorPredictions;
      line(
          out,
          "predicted before measured: %d run%s, mean error %.1f %%, worst %.1f %%%s",
          c.runs,
          c.runs == 1 ? "" : "s",
          c.meanAbsoluteErrorPercent,
          c.worstErrorPercent,
          c.withInterval == null || c.withInterval == 0
              ? ", none had an interval"
              : String.format(
                  Locale.ROOT,
                  ", %d of %d inside their interval",
                  c.withinInterval,
                  c.withInterval));
    }
    if (model.fixedSecondsByPart != null) {
      line(
          out,
          "fixed seconds by part: %s",
          model.fixedSecondsByPart.entrySet().stream()
              .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue()))
              .collect(Collectors.joining(", ")));
    }
    for (ScalingBenchmarkStatus.Prediction p : model.predictions) {
      line(
          out,
          "predicted: %,d records in %.1f s (95 %% interval %.1f to %.1f s)%s",
          p.records,
          p.seconds,
          p.low,
          p.high,
          Boolean.TRUE.equals(p.extrapolated)
              ? ", extrapolated beyond 10× the largest measured count"
              : "");
    }
    if (model.predictionsWithheld != null) {
      line(out, "%s", model.predictionsWithheld);
    }
    if (model.costPerMillionRecords != null) {
      line(
          out,
          "cost of a run of 1,000,000 records by the line: %s",
          RunCost.describe(model.costPerMillionRecords));
    }
  }

  private static void executors(StringBuilder out, ScalingBenchmarkStatus.ExecutorScaling s) {
    if (s == null) {
      return;
    }
    if (s.runsLeftOut != null) {
      line(out, "executors: %s", s.runsLeftOut);
    }
    for (ScalingBenchmarkStatus.ExecutorLine l : s.lines) {
      line(
          out,
          "%d executor(s): %.2f s + %.3f µs/record (R² %s, %d runs)",
          l.executors,
          l.fixedSeconds,
          l.microsPerRecord,
          l.rSquared == null ? "n/a" : String.format(Locale.ROOT, "%.4f", l.rSquared),
          l.runs);
    }
    for (ScalingBenchmarkStatus.Speedup sp : s.speedup) {
      line(
          out,
          "%,d records at %d executor(s): %.2f s, speedup %.2f, efficiency %.0f %%",
          sp.records,
          sp.executors,
          sp.seconds,
          sp.speedup,
          sp.efficiency * 100);
    }
    if (s.ernest != null) {
      line(
          out,
          "Ernest: %.2f s + %.3f µs × records / executors + %.2f s × ln(executors) + %.2f s ×"
              + " executors (R² %s)",
          s.ernest.fixedSeconds,
          s.ernest.microsPerRecord,
          s.ernest.logExecutorsSeconds,
          s.ernest.perExecutorSeconds,
          s.ernest.rSquared == null
              ? "n/a"
              : String.format(Locale.ROOT, "%.4f", s.ernest.rSquared));
    } else if (s.ernestWithheld != null) {
      line(out, "Ernest: not fitted: %s", s.ernestWithheld);
    }
    if (s.usl != null) {
      line(
          out,
          "USL at %,d records: lambda %.1f records/s, sigma %.4f, kappa %.6f (R² %s)%s",
          s.usl.records,
          s.usl.lambda,
          s.usl.sigma,
          s.usl.kappa,
          s.usl.rSquared == null ? "n/a" : String.format(Locale.ROOT, "%.4f", s.usl.rSquared),
          s.usl.peakExecutors == null
              ? ", no peak"
              : String.format(Locale.ROOT, ", peak at %.1f executors", s.usl.peakExecutors));
    } else if (s.uslWithheld != null) {
      line(out, "USL: not fitted: %s", s.uslWithheld);
    }
    for (ScalingBenchmarkStatus.ExecutorPrediction p : s.predictions) {
      line(
          out,
          "predicted (Ernest): %,d records at %d executor(s) in %.1f s%s",
          p.records,
          p.executors,
          p.seconds,
          Boolean.TRUE.equals(p.extrapolated) ? ", extrapolated" : "");
    }
  }

  private static String decimals(Double value, int decimals) {
    return value == null ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  private static void line(StringBuilder out, String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
