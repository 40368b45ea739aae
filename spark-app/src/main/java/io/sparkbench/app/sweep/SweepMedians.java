package io.sparkbench.app.sweep;

import io.sparkbench.api.result.BenchmarkResult;
import io.sparkbench.api.result.ScalingModel;
import io.sparkbench.api.run.Measures;
import io.sparkbench.app.sweep.SweepReport.CpuProfile;
import io.sparkbench.app.sweep.SweepReport.Row;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The sweep's rows: the succeeded runs grouped by record count, each measurement the median over
 * the repetitions. A measurement that only some runs took (JIT and GC CPU, planning, queries) is
 * the median of those that took it, {@code NaN} when none did, rather than a zero that would read
 * as measured.
 */
final class SweepMedians {

  private SweepMedians() {}

  /** One row per record count, smallest first; relative times are to the smallest's median. */
  static List<Row> rows(List<BenchmarkResult> results) {
    TreeMap<Long, List<BenchmarkResult>> byRecords = new TreeMap<>();
    for (BenchmarkResult r : results) {
      if (r.succeeded()) {
        byRecords.computeIfAbsent(r.records(), k -> new ArrayList<>()).add(r);
      }
    }
    List<Row> rows = new ArrayList<>();
    double smallest = Double.NaN;
    for (Map.Entry<Long, List<BenchmarkResult>> e : byRecords.entrySet()) {
      List<BenchmarkResult> runs = e.getValue();
      double total = median(runs, BenchmarkResult::totalSeconds);
      if (Double.isNaN(smallest)) {
        smallest = total;
      }
      double pipeline = median(runs, r -> pipelineSeconds(r.stages()));
      Map<Measures.Stage, Double> stages = new EnumMap<>(Measures.Stage.class);
      for (Measures.Stage stage : Measures.Stage.values()) {
        stages.put(stage, median(runs, r -> stage.of(r.stages())));
      }
      Map<Measures.CpuPart, Double> cpu = new EnumMap<>(Measures.CpuPart.class);
      for (Measures.CpuPart part : CpuProfile.PARTS) {
        cpu.put(part, measuredMedian(runs, r -> part.of(r.cpu())));
      }
      rows.add(
          new Row(
              e.getKey(),
              runs.size(),
              total,
              stages,
              median(runs, SweepMedians::peakRssMiB),
              pipeline == 0 ? 0 : e.getKey() / pipeline,
              total / smallest,
              PublishedBaseline.seconds(e.getKey()),
              PublishedBaseline.measured(e.getKey()),
              runs.get(0).totalAmount(),
              new CpuProfile(
                  cpu,
                  measuredMedian(runs, SweepMedians::otherCpuSeconds),
                  measuredMedian(runs, r -> r.cpu().planningSeconds()),
                  measuredMedian(
                      runs,
                      r -> r.cpu().queries() == null ? null : r.cpu().queries().doubleValue()))));
    }
    return rows;
  }

  /** Seconds of the pipeline, the stages after startup: what records per second divide. */
  static double pipelineSeconds(BenchmarkResult.StageSeconds stages) {
    double seconds = 0;
    for (Measures.Stage stage : Measures.Stage.values()) {
      if (stage != Measures.Stage.STARTUP) {
        seconds += stage.of(stages);
      }
    }
    return seconds;
  }

  /** Peak RSS of the largest process of the run: the driver, or an executor if larger. */
  static double peakRssMiB(BenchmarkResult r) {
    long peak = 0;
    for (Measures.MemoryRole role : Measures.MemoryRole.values()) {
      BenchmarkResult.Peak p = role.of(r.memory());
      if (p != null && p.rssMiB() != null) {
        peak = Math.max(peak, p.rssMiB());
      }
    }
    return peak;
  }

  private static double median(List<BenchmarkResult> runs, ToDoubleFunction<BenchmarkResult> f) {
    return ScalingModel.median(runs.stream().map(r -> f.applyAsDouble(r)).toList());
  }

  /** Process CPU that is neither tasks, JIT compilation nor collection; null if not measured. */
  static Double otherCpuSeconds(BenchmarkResult r) {
    BenchmarkResult.Cpu c = r.cpu();
    if (c.jitSeconds() == null || c.gcSeconds() == null) {
      return null;
    }
    return c.processSeconds() - c.taskSeconds() - c.jitSeconds() - c.gcSeconds();
  }

  /** The median over the runs that measured a value, {@code NaN} when none did. */
  private static double measuredMedian(
      List<BenchmarkResult> runs, Function<BenchmarkResult, Double> f) {
    List<Double> values = runs.stream().map(f).filter(Objects::nonNull).toList();
    return values.isEmpty() ? Double.NaN : ScalingModel.median(values);
  }
}
