package io.sparkbench.local.cli;

import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.RunResult;
import java.util.Locale;

/**
 * The readable form of a ScalingBenchmark's status: one line per run (its stages, peak memory and
 * CPU: the tasks', the driver's and the driver's JIT threads' seconds), then the model.
 */
final class ResultsTable {

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
    line(
        out,
        "%12s %4s %8s %8s %8s %8s %8s %8s %10s %10s %5s %8s %8s %6s %10s %10s",
        "records",
        "rep",
        "total s",
        "startup",
        "generate",
        "bronze",
        "silver",
        "gold",
        "driver MiB",
        "exec MiB",
        "cpu%",
        "tasks s",
        "driver s",
        "jit s",
        "records/s",
        "predicted");
    for (RunResult r : status.results) {
      line(
          out,
          "%,12d %4d %8.2f %8s %8s %8s %8s %8s %10s %10s %5s %8s %8s %6s %,10.0f %10s",
          r.records,
          r.repetition,
          r.durationSeconds,
          stage(r, "startup"),
          stage(r, "generate"),
          stage(r, "bronze"),
          stage(r, "silver"),
          stage(r, "gold"),
          r.peakMemoryMiB == null ? "-" : number(r.peakMemoryMiB.driver),
          r.peakMemoryMiB == null ? "-" : number(r.peakMemoryMiB.executor),
          r.cpuUtilization == null
              ? "-"
              : String.format(Locale.ROOT, "%.0f", r.cpuUtilization * 100),
          seconds(r.cpuSeconds == null ? null : r.cpuSeconds.tasks),
          seconds(r.cpuSeconds == null ? null : r.cpuSeconds.driver),
          seconds(r.cpuSeconds == null ? null : r.cpuSeconds.driverJit),
          r.recordsPerSecond == null ? 0.0 : r.recordsPerSecond,
          r.predictedSeconds == null
              ? "-"
              : String.format(Locale.ROOT, "%.2f", r.predictedSeconds));
    }
    ScalingBenchmarkStatus.Model model = status.model;
    if (model != null && model.fixedSeconds != null) {
      line(
          out,
          "model: %.2f s + %.3f µs/record (R² %s)",
          model.fixedSeconds,
          model.microsPerRecord,
          model.rSquared == null ? "n/a" : String.format(Locale.ROOT, "%.4f", model.rSquared));
      if (model.jvm != null) {
        line(
            out,
            "model fitted on %d run%s, driver JVM: %s",
            model.runs,
            model.runs != null && model.runs == 1 ? "" : "s",
            model.jvm);
      }
      if (model.runsLeftOut != null) {
        line(out, "%s", model.runsLeftOut);
      }
      for (ScalingBenchmarkStatus.Prediction p : model.predictions) {
        line(out, "predicted: %,d records in %.1f s", p.records, p.seconds);
      }
      if (model.predictionsWithheld != null) {
        line(out, "%s", model.predictionsWithheld);
      }
    }
    if (status.error != null) {
      line(out, "error: %s: %s", status.error.reason, status.error.message);
    }
    return out.toString();
  }

  private static String stage(RunResult r, String name) {
    if (r.stages == null) {
      return "-";
    }
    Double value =
        switch (name) {
          case "startup" -> r.stages.startup;
          case "generate" -> r.stages.generate;
          case "bronze" -> r.stages.bronze;
          case "silver" -> r.stages.silver;
          default -> r.stages.gold;
        };
    return value == null ? "-" : String.format(Locale.ROOT, "%.2f", value);
  }

  private static String seconds(Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.1f", value);
  }

  private static String number(Long value) {
    return value == null ? "-" : value.toString();
  }

  private static void line(StringBuilder out, String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
