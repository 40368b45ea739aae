package io.sparkbench.app.bench;

import io.sparkbench.api.result.BenchmarkResult;
import io.sparkbench.api.result.ScalingModel;
import io.sparkbench.app.bench.SweepReport.CpuProfile;
import io.sparkbench.app.bench.SweepReport.Row;
import java.util.ArrayList;
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
      double pipeline =
          median(
              runs,
              r ->
                  r.stages().generate()
                      + r.stages().bronze()
                      + r.stages().silver()
                      + r.stages().gold());
      rows.add(
          new Row(
              e.getKey(),
              runs.size(),
              total,
              median(runs, r -> r.stages().startup()),
              median(runs, r -> r.stages().generate()),
              median(runs, r -> r.stages().bronze()),
              median(runs, r -> r.stages().silver()),
              median(runs, r -> r.stages().gold()),
              median(runs, SweepMedians::peakRssMiB),
              pipeline == 0 ? 0 : e.getKey() / pipeline,
              total / smallest,
              PublishedBaseline.seconds(e.getKey()),
              PublishedBaseline.measured(e.getKey()),
              runs.get(0).totalAmount(),
              new CpuProfile(
                  median(runs, r -> r.cpu().taskSeconds()),
                  median(runs, r -> r.cpu().processSeconds()),
                  measuredMedian(runs, r -> r.cpu().jitSeconds()),
                  measuredMedian(runs, r -> r.cpu().gcSeconds()),
                  measuredMedian(runs, SweepMedians::otherCpuSeconds),
                  measuredMedian(runs, r -> r.cpu().planningSeconds()),
                  measuredMedian(
                      runs,
                      r -> r.cpu().queries() == null ? null : r.cpu().queries().doubleValue()))));
    }
    return rows;
  }

  /** Peak RSS of the largest process of the run: the driver, or an executor if larger. */
  static double peakRssMiB(BenchmarkResult r) {
    long driver = r.memory().driver().rssMiB() == null ? 0 : r.memory().driver().rssMiB();
    long executor =
        r.memory().executor() == null || r.memory().executor().rssMiB() == null
            ? 0
            : r.memory().executor().rssMiB();
    return Math.max(driver, executor);
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
