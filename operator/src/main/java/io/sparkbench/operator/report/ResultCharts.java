package io.sparkbench.operator.report;

import io.sparkbench.api.run.Measures;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.RunResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The results page's four charts, each a function of the finished runs (and the fitted model) to an
 * {@link SvgChart}: duration against records, seconds per stage, peak memory and CPU by part. A
 * chart with nothing to draw says why instead of showing empty axes.
 */
final class ResultCharts {

  /** The pipeline's stages in run order ({@link Measures.Stage}), as the page shows them. */
  static final String[] STAGES =
      Arrays.stream(Measures.Stage.values()).map(s -> s.key).toArray(String[]::new);

  private ResultCharts() {}

  /** Duration against records, both on log axes, with the model's line and its predictions. */
  static SvgChart durationChart(List<RunResult> results, ScalingBenchmarkStatus.Model model) {
    SvgChart chart = new SvgChart("duration", "Duration against records (log axes)");
    if (results.isEmpty()) {
      return chart.note("no finished run yet");
    }
    boolean fitted = model != null && model.fixedSeconds != null && model.microsPerRecord != null;
    List<ScalingBenchmarkStatus.Prediction> predictions =
        fitted ? model.predictions : List.<ScalingBenchmarkStatus.Prediction>of();
    double minRecords = results.stream().mapToDouble(r -> r.records).min().orElse(1);
    double maxRecords = results.stream().mapToDouble(r -> r.records).max().orElse(10);
    double minSeconds = results.stream().mapToDouble(r -> r.durationSeconds).min().orElse(1);
    double maxSeconds = results.stream().mapToDouble(r -> r.durationSeconds).max().orElse(10);
    for (ScalingBenchmarkStatus.Prediction p : predictions) {
      maxRecords = Math.max(maxRecords, p.records);
      minSeconds = Math.min(minSeconds, p.seconds);
      maxSeconds = Math.max(maxSeconds, p.seconds);
    }
    SvgChart.Scale x =
        SvgChart.logScale(minRecords, maxRecords, SvgChart.plotLeft(), SvgChart.plotRight());
    SvgChart.Scale y =
        SvgChart.logScale(minSeconds, maxSeconds, SvgChart.plotBottom(), SvgChart.plotTop());
    chart.xAxis(x, "records").yAxis(y, "seconds");
    if (fitted) {
      List<double[]> line = new ArrayList<>();
      for (int i = 0; i <= 64; i++) {
        double records = x.min() * Math.pow(x.max() / x.min(), i / 64.0);
        double seconds = model.fixedSeconds + model.microsPerRecord * records / 1e6;
        if (seconds >= y.min() && seconds <= y.max()) {
          line.add(new double[] {x.at(records), y.at(seconds)});
        }
      }
      if (line.size() > 1) {
        chart.polyline(line, "model");
      }
    }
    for (RunResult r : results) {
      chart.point(
          x.at(r.records),
          y.at(r.durationSeconds),
          "run",
          String.format(
              Locale.ROOT,
              "%,d records, repetition %d: %.2f s%s",
              r.records,
              r.repetition == null ? 1 : r.repetition,
              r.durationSeconds,
              r.predictedSeconds == null
                  ? ""
                  : String.format(Locale.ROOT, " (predicted %.2f s)", r.predictedSeconds)));
    }
    for (ScalingBenchmarkStatus.Prediction p : predictions) {
      chart.diamond(
          x.at(p.records),
          y.at(p.seconds),
          "prediction",
          String.format(Locale.ROOT, "predicted: %,d records in %.1f s", p.records, p.seconds));
    }
    return chart.legend(
        fitted ? List.of("run", "model", "prediction") : List.of("run"),
        fitted ? List.of("measured", "fitted model", "predicted") : List.of("measured"));
  }

  /** Seconds per stage, stacked, one bar per run. */
  static SvgChart stageChart(List<RunResult> results) {
    SvgChart chart = new SvgChart("stages", "Seconds per stage");
    List<RunResult> staged = results.stream().filter(r -> r.stages != null).toList();
    if (staged.isEmpty()) {
      return chart.note("no run reported its stages");
    }
    double max = staged.stream().mapToDouble(r -> stageTotal(r)).max().orElse(1);
    SvgChart.Scale y = SvgChart.linearScale(max, SvgChart.plotBottom(), SvgChart.plotTop());
    chart.yAxis(y, "seconds").xCategories(staged.stream().map(r -> category(r, staged)).toList());
    double slot = (SvgChart.plotRight() - SvgChart.plotLeft()) / staged.size();
    for (int i = 0; i < staged.size(); i++) {
      RunResult r = staged.get(i);
      double[] seconds = stageSeconds(r);
      double base = 0;
      double left = SvgChart.plotLeft() + slot * i + slot * 0.2;
      for (int s = 0; s < STAGES.length; s++) {
        chart.bar(
            left,
            slot * 0.6,
            y.at(base + seconds[s]),
            y.at(base),
            "stage-" + STAGES[s],
            String.format(
                Locale.ROOT, "%s, %s: %.2f s", category(r, staged), STAGES[s], seconds[s]));
        base += seconds[s];
      }
    }
    List<String> classes = new ArrayList<>();
    for (String s : STAGES) {
      classes.add("stage-" + s);
    }
    return chart.legend(classes, List.of(STAGES));
  }

  /** Peak resident memory of the driver and the executor against records. */
  static SvgChart memoryChart(List<RunResult> results) {
    SvgChart chart = new SvgChart("memory", "Peak memory (RSS) against records");
    List<RunResult> measured = results.stream().filter(r -> r.peakMemoryMiB != null).toList();
    if (measured.isEmpty()) {
      return chart.note("no run reported its memory");
    }
    double max = 0;
    for (RunResult r : measured) {
      max = Math.max(max, value(r.peakMemoryMiB.driver));
      max = Math.max(max, value(r.peakMemoryMiB.executor));
    }
    SvgChart.Scale x =
        SvgChart.logScale(
            measured.stream().mapToDouble(r -> r.records).min().orElse(1),
            measured.stream().mapToDouble(r -> r.records).max().orElse(10),
            SvgChart.plotLeft(),
            SvgChart.plotRight());
    SvgChart.Scale y = SvgChart.linearScale(max, SvgChart.plotBottom(), SvgChart.plotTop());
    chart.xAxis(x, "records").yAxis(y, "MiB");
    memorySeries(chart, measured, x, y, "driver", r -> r.peakMemoryMiB.driver);
    memorySeries(chart, measured, x, y, "executor", r -> r.peakMemoryMiB.executor);
    return chart.legend(List.of("driver-memory", "executor-memory"), List.of("driver", "executor"));
  }

  private static void memorySeries(
      SvgChart chart,
      List<RunResult> results,
      SvgChart.Scale x,
      SvgChart.Scale y,
      String kind,
      Function<RunResult, Long> mib) {
    List<double[]> line = new ArrayList<>();
    results.stream()
        .filter(r -> mib.apply(r) != null)
        .sorted((a, b) -> Long.compare(a.records, b.records))
        .forEach(
            r -> {
              double px = x.at(r.records);
              double py = y.at(mib.apply(r));
              line.add(new double[] {px, py});
              chart.point(
                  px,
                  py,
                  kind + "-memory",
                  String.format(
                      Locale.ROOT, "%s, %s: %,d MiB", category(r, results), kind, mib.apply(r)));
            });
    if (line.size() > 1) {
      chart.polyline(line, kind + "-memory-line");
    }
  }

  /**
   * CPU seconds by part, side by side per run: tasks, the driver's and executors' JVMs, JIT, GC.
   */
  static SvgChart cpuChart(List<RunResult> results) {
    SvgChart chart = new SvgChart("cpu", "CPU seconds by part");
    List<RunResult> measured = results.stream().filter(r -> r.cpuSeconds != null).toList();
    if (measured.isEmpty()) {
      return chart.note("no run reported its CPU");
    }
    String[] parts = {"tasks", "driver", "executors", "jit", "gc"};
    String[] labels = {"tasks", "driver JVM", "executor JVMs", "JIT (both)", "GC (both)"};
    double max = 0;
    for (RunResult r : measured) {
      for (double v : cpuParts(r.cpuSeconds)) {
        max = Math.max(max, v);
      }
    }
    SvgChart.Scale y = SvgChart.linearScale(max, SvgChart.plotBottom(), SvgChart.plotTop());
    chart
        .yAxis(y, "CPU seconds")
        .xCategories(measured.stream().map(r -> category(r, measured)).toList());
    double slot = (SvgChart.plotRight() - SvgChart.plotLeft()) / measured.size();
    double width = slot * 0.8 / parts.length;
    for (int i = 0; i < measured.size(); i++) {
      RunResult r = measured.get(i);
      double[] values = cpuParts(r.cpuSeconds);
      for (int p = 0; p < parts.length; p++) {
        chart.bar(
            SvgChart.plotLeft() + slot * i + slot * 0.1 + width * p,
            width,
            y.at(values[p]),
            y.at(0),
            "cpu-" + parts[p],
            String.format(
                Locale.ROOT, "%s, %s: %.2f s", category(r, measured), labels[p], values[p]));
      }
    }
    List<String> classes = new ArrayList<>();
    for (String p : parts) {
      classes.add("cpu-" + p);
    }
    return chart.legend(classes, List.of(labels));
  }

  private static String category(RunResult r) {
    String label = SvgChart.number(r.records);
    return r.repetition != null && r.repetition > 1 ? label + " r" + r.repetition : label;
  }

  /** A run's label, with its executor count when the runs had several. */
  static String category(RunResult r, List<RunResult> all) {
    boolean several = all.stream().map(x -> x.executors).distinct().count() > 1;
    return several && r.executors != null ? category(r) + " ×" + r.executors : category(r);
  }

  /** Seconds of each stage of a run, in {@link #STAGES} order; 0 for a stage it lacks. */
  static double[] stageSeconds(RunResult r) {
    return Arrays.stream(Measures.Stage.values()).mapToDouble(s -> value(s.of(r))).toArray();
  }

  private static double stageTotal(RunResult r) {
    double total = 0;
    for (double v : stageSeconds(r)) {
      total += v;
    }
    return total;
  }

  private static double[] cpuParts(ScalingBenchmarkStatus.CpuSeconds c) {
    return new double[] {
      value(c.tasks),
      value(c.driver),
      value(c.executors),
      value(c.driverJit) + value(c.executorsJit),
      value(c.driverGc) + value(c.executorsGc)
    };
  }

  /** A figure a run may lack, as 0. */
  static double value(Number n) {
    return n == null ? 0 : n.doubleValue();
  }
}
