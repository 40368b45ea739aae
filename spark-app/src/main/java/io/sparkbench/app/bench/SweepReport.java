package io.sparkbench.app.bench;

import io.sparkbench.api.result.BenchmarkResult;
import io.sparkbench.api.result.ScalingModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The sweep's table: per record count, the median of each measurement over repetitions, the time
 * relative to the smallest run, the fitted model and the published baseline beside it.
 */
public final class SweepReport {

  /** Medians over the repetitions of one record count. */
  public record Row(
      long records,
      int runs,
      double totalSeconds,
      double startup,
      double generate,
      double bronze,
      double silver,
      double gold,
      double peakRssMiB,
      double recordsPerSecond,
      double relativeToSmallest,
      double publishedSeconds,
      boolean publishedMeasured,
      long totalAmount,
      CpuProfile cpu) {}

  /**
   * Medians of where the CPU went, in seconds ({@code NaN} where no run measured it): all tasks,
   * the whole driver process (tasks included: the sweep runs in local mode), the driver's JIT
   * compilers and collectors, the rest of the process ({@code process - tasks - jit - gc} per run),
   * Spark's query planning, and the number of queries.
   */
  public record CpuProfile(
      double tasks,
      double process,
      double jit,
      double gc,
      double other,
      double planning,
      double queries) {}

  /** A predicted run. */
  public record Prediction(long records, double seconds, double publishedSeconds) {}

  private final List<Row> rows;
  private final ScalingModel model;
  private final List<Prediction> predictions;

  private String jitNote;

  private SweepReport(List<Row> rows, ScalingModel model, List<Prediction> predictions) {
    this.rows = rows;
    this.model = model;
    this.predictions = predictions;
  }

  public static SweepReport of(List<BenchmarkResult> results, List<Long> predict) {
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
              median(runs, SweepReport::peakRssMiB),
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
                  measuredMedian(runs, SweepReport::otherCpuSeconds),
                  measuredMedian(runs, r -> r.cpu().planningSeconds()),
                  measuredMedian(
                      runs,
                      r -> r.cpu().queries() == null ? null : r.cpu().queries().doubleValue()))));
    }
    List<ScalingModel.Sample> samples =
        results.stream()
            .filter(BenchmarkResult::succeeded)
            .map(r -> new ScalingModel.Sample(r.records(), r.totalSeconds()))
            .toList();
    ScalingModel model = ScalingModel.fitOrNull(samples);
    List<Prediction> predictions = new ArrayList<>();
    if (model != null && model.canPredict()) {
      for (long n : predict) {
        predictions.add(new Prediction(n, model.predictSeconds(n), PublishedBaseline.seconds(n)));
      }
    }
    SweepReport report = new SweepReport(rows, model, predictions);
    report.jitNote = jitNote(results);
    return report;
  }

  /**
   * Which JIT each record count ran with, when they differ: a model fitted over them then mixes two
   * cost curves, and says so.
   */
  static String jitNote(List<BenchmarkResult> results) {
    Map<String, TreeSet<Long>> byJit = new TreeMap<>();
    for (BenchmarkResult r : results) {
      if (r.succeeded() && r.jvm() != null && r.jvm().jit() != null) {
        byJit.computeIfAbsent(r.jvm().jit(), k -> new TreeSet<>()).add(r.records());
      }
    }
    if (byJit.size() < 2) {
      return null;
    }
    return byJit.entrySet().stream()
        .map(
            e ->
                e.getKey()
                    + " at "
                    + e.getValue().stream()
                        .map(n -> String.format(Locale.ROOT, "%,d", n))
                        .collect(Collectors.joining(", ")))
        .collect(
            Collectors.joining(
                "; ",
                "note:      the model mixes JIT choices (",
                "): its fixed cost and cost per record are not one JVM's"));
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

  public List<Row> rows() {
    return rows;
  }

  public ScalingModel model() {
    return model;
  }

  public List<Prediction> predictions() {
    return predictions;
  }

  public String table() {
    StringBuilder out = new StringBuilder();
    line(out, "");
    line(
        out,
        "%12s %5s %8s %8s %8s %8s %8s %8s %9s %10s %7s %11s %8s",
        "records",
        "runs",
        "total s",
        "startup",
        "generate",
        "bronze",
        "silver",
        "gold",
        "peak MiB",
        "records/s",
        "× first",
        "published s",
        "speedup");
    for (Row r : rows) {
      line(
          out,
          "%,12d %5d %8.2f %8.2f %8.2f %8.2f %8.2f %8.2f %9.0f %,10.0f %7.2f %10.0f%s %7.1fx",
          r.records(),
          r.runs(),
          r.totalSeconds(),
          r.startup(),
          r.generate(),
          r.bronze(),
          r.silver(),
          r.gold(),
          r.peakRssMiB(),
          r.recordsPerSecond(),
          r.relativeToSmallest(),
          r.publishedSeconds(),
          r.publishedMeasured() ? " " : "*",
          r.publishedSeconds() / r.totalSeconds());
    }
    ScalingModel published = PublishedBaseline.fitted();
    if (model != null) {
      line(
          out,
          "model:     %.2f s + %.3f µs/record (R² %.4f, %d record counts)",
          model.fixedSeconds(),
          model.microsPerRecord(),
          model.rSquared(),
          model.points());
    } else {
      line(out, "model:     needs two or more record counts");
    }
    if (jitNote != null) {
      line(out, "%s", jitNote);
    }
    line(
        out,
        "published: %.1f s + %.1f µs/record fitted to 10k 115 s, 100k 112 s, 1M 179 s (R² %.3f);"
            + " stated as about %.0f s + %.0f µs/record",
        published.fixedSeconds(),
        published.microsPerRecord(),
        published.rSquared(),
        PublishedBaseline.STATED_FIXED_SECONDS,
        PublishedBaseline.STATED_MICROS_PER_RECORD);
    if (model != null && !model.canPredict()) {
      line(
          out,
          "predicted: nothing, the fitted cost per record is not positive: the runs are within"
              + " noise of each other; measure larger record counts");
    }
    for (Prediction p : predictions) {
      line(
          out,
          "predicted: %,d records in %.1f s (published model: %.0f s)",
          p.records(),
          p.seconds(),
          p.publishedSeconds());
    }
    line(out, "* no published run at this count: the published model's estimate");
    line(out, "");
    line(out, "where the CPU went, medians in seconds (one JVM: tasks run in the driver):");
    line(
        out,
        "%12s %9s %9s %9s %9s %9s %9s %8s",
        "records",
        "process",
        "tasks",
        "JIT",
        "GC",
        "other",
        "planning",
        "queries");
    for (Row r : rows) {
      CpuProfile c = r.cpu();
      line(
          out,
          "%,12d %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f %8.0f",
          r.records(),
          c.process(),
          c.tasks(),
          c.jit(),
          c.gc(),
          c.other(),
          c.planning(),
          c.queries());
    }
    line(
        out,
        "JIT and GC: CPU of those threads; other: the rest of the process (query planning, code"
            + " generation, class loading, scheduling); planning: Spark's planning phases, summed"
            + " over queries");
    return out.toString();
  }

  /** The single-run command's time targets, seconds by record count (printed, never asserted). */
  static final Map<Long, Double> TARGET_SECONDS =
      Map.of(10_000L, 8.0, 1_000_000L, 15.0, 10_000_000L, 90.0);

  /** Peak RSS target at every size, MiB. */
  static final double TARGET_PEAK_RSS_MIB = 1024;

  /** The tuned run's speedup over {@code --tuning NONE} at {@link #SPEEDUP_RECORDS}, at least. */
  static final double TARGET_SPEEDUP = 2.0;

  static final long SPEEDUP_RECORDS = 1_000_000;

  /**
   * Each target this sweep measured, met or missed, and for a missed one what bounds it: how busy
   * the {@code cores} were, where the CPU went and the largest stage.
   */
  public String targets(int cores) {
    StringBuilder out = new StringBuilder();
    line(out, "");
    line(out, "targets (medians; printed, never asserted):");
    for (Row r : rows) {
      Double target = TARGET_SECONDS.get(r.records());
      if (target == null) {
        continue;
      }
      double total = r.totalSeconds();
      if (total <= target) {
        line(out, "  %,12d records %8.2f s, target <= %.0f s: met", r.records(), total, target);
      } else {
        line(
            out,
            "  %,12d records %8.2f s, target <= %.0f s: missed by %.1f s; %s",
            r.records(),
            total,
            target,
            total - target,
            bound(r, cores));
      }
    }
    if (!rows.isEmpty()) {
      Row largest =
          rows.stream().max((a, b) -> Double.compare(a.peakRssMiB(), b.peakRssMiB())).get();
      List<String> over =
          rows.stream()
              .filter(r -> r.peakRssMiB() > TARGET_PEAK_RSS_MIB)
              .map(r -> String.format(Locale.ROOT, "%,d (%.0f MiB)", r.records(), r.peakRssMiB()))
              .toList();
      line(
          out,
          "  peak RSS %.0f-%.0f MiB, target <= %.0f MiB at every size: %s",
          rows.stream().mapToDouble(Row::peakRssMiB).min().orElse(0),
          largest.peakRssMiB(),
          TARGET_PEAK_RSS_MIB,
          over.isEmpty()
              ? "met"
              : "missed at "
                  + String.join(", ", over)
                  + "; bound by the heap cap plus what the JVM keeps off the heap (metaspace,"
                  + " code cache, direct buffers, thread stacks, malloc arenas)");
    }
    return out.toString();
  }

  /**
   * What bounds a row's time: CPU when the cores were mostly busy, else the driver's serial work
   * (JVM start, query planning and code generation run on one thread while tasks wait).
   */
  static String bound(Row r, int cores) {
    CpuProfile c = r.cpu();
    double busy = c.process() / (r.totalSeconds() * cores);
    Map<String, Double> stages = new LinkedHashMap<>();
    stages.put("startup", r.startup());
    stages.put("generate", r.generate());
    stages.put("bronze", r.bronze());
    stages.put("silver", r.silver());
    stages.put("gold", r.gold());
    Map.Entry<String, Double> largest =
        stages.entrySet().stream().max(Map.Entry.comparingByValue()).get();
    return String.format(
        Locale.ROOT,
        "bound by %s: the %d cores %.0f %% busy (%.1f s of CPU in %.1f s); tasks %.1f s, JIT %.1f"
            + " s, GC %.1f s, other %.1f s; largest stage %s %.1f s (%.0f %%)",
        busy >= 0.75
            ? "CPU"
            : "work of one thread at a time (startup, planning, code generation), not by both"
                + " cores",
        cores,
        busy * 100,
        c.process(),
        r.totalSeconds(),
        c.tasks(),
        c.jit(),
        c.gc(),
        c.other(),
        largest.getKey(),
        largest.getValue(),
        largest.getValue() / r.totalSeconds() * 100);
  }

  /**
   * The tuned run's speedup over the untuned one at {@link #SPEEDUP_RECORDS} against its target,
   * and when missed what bounds it: how much of the untuned run's time and CPU the settings remove.
   */
  static String speedupTarget(SweepReport before, SweepReport after) {
    Row b = before.row(SPEEDUP_RECORDS);
    Row a = after.row(SPEEDUP_RECORDS);
    if (b == null || a == null) {
      return "";
    }
    double speedup = b.totalSeconds() / a.totalSeconds();
    StringBuilder out = new StringBuilder();
    if (speedup >= TARGET_SPEEDUP) {
      line(
          out,
          "target: %.2fx at %,d records, at least %.0fx: met",
          speedup,
          SPEEDUP_RECORDS,
          TARGET_SPEEDUP);
      return out.toString();
    }
    line(
        out,
        "target: %.2fx at %,d records, at least %.0fx: missed; bound by the work both do: the"
            + " settings cut startup by %.1f s, JIT by %.1f s and GC by %.1f s of CPU, and"
            + " the tasks took %.1f s of CPU untuned against %.1f s tuned; %.0fx needs the"
            + " tuned run at %.1f s",
        speedup,
        SPEEDUP_RECORDS,
        TARGET_SPEEDUP,
        b.startup() - a.startup(),
        b.cpu().jit() - a.cpu().jit(),
        b.cpu().gc() - a.cpu().gc(),
        b.cpu().tasks(),
        a.cpu().tasks(),
        TARGET_SPEEDUP,
        b.totalSeconds() / TARGET_SPEEDUP);
    return out.toString();
  }

  private Row row(long records) {
    return rows.stream().filter(r -> r.records() == records).findFirst().orElse(null);
  }

  /** Untuned against tuned, per record count present in both. */
  public static String comparison(SweepReport before, SweepReport after) {
    StringBuilder out = new StringBuilder();
    line(out, "");
    line(out, "before (NONE) and after (TUNED), medians:");
    line(
        out,
        "%12s %10s %10s %8s %12s %12s",
        "records",
        "before s",
        "after s",
        "speedup",
        "before MiB",
        "after MiB");
    for (Row b : before.rows) {
      for (Row a : after.rows) {
        if (a.records() == b.records()) {
          line(
              out,
              "%,12d %10.2f %10.2f %7.2fx %12.0f %12.0f",
              b.records(),
              b.totalSeconds(),
              a.totalSeconds(),
              b.totalSeconds() / a.totalSeconds(),
              b.peakRssMiB(),
              a.peakRssMiB());
        }
      }
    }
    out.append(speedupTarget(before, after));
    return out.toString();
  }

  public String csv() {
    StringBuilder out = new StringBuilder();
    out.append(
        "records,runs,total_seconds,startup_seconds,generate_seconds,bronze_seconds,silver_seconds,"
            + "gold_seconds,peak_rss_mib,records_per_second,relative_to_smallest,published_seconds,"
            + "total_amount_krw,task_cpu_seconds,process_cpu_seconds,jit_seconds,gc_seconds,"
            + "planning_seconds,queries\n");
    for (Row r : rows) {
      line(
          out,
          "%d,%d,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.0f,%.1f,%.3f,%.1f,%d,%.3f,%.3f,%.3f,%.3f,%.3f,%.0f",
          r.records(),
          r.runs(),
          r.totalSeconds(),
          r.startup(),
          r.generate(),
          r.bronze(),
          r.silver(),
          r.gold(),
          r.peakRssMiB(),
          r.recordsPerSecond(),
          r.relativeToSmallest(),
          r.publishedSeconds(),
          r.totalAmount(),
          r.cpu().tasks(),
          r.cpu().process(),
          r.cpu().jit(),
          r.cpu().gc(),
          r.cpu().planning(),
          r.cpu().queries());
    }
    return out.toString();
  }

  public Map<String, Object> json() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("rows", rows);
    json.put("model", model);
    json.put("predictions", predictions);
    json.put(
        "published",
        Map.of(
            "seconds",
            new TreeMap<>(PublishedBaseline.SECONDS),
            "fitted",
            PublishedBaseline.fitted()));
    return json;
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

  private static void line(StringBuilder out, String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
