package io.sparkbench.app.sweep;

import io.sparkbench.api.result.BenchmarkResult;
import io.sparkbench.api.result.ScalingModel;
import io.sparkbench.api.run.Measures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The sweep's table: per record count, the median of each measurement over repetitions ({@link
 * SweepMedians}), the time relative to the smallest run, the fitted model and the published
 * baseline beside it, and the targets the sweep is read against ({@link SweepTargets}).
 */
public final class SweepReport {

  /**
   * Medians over the repetitions of one record count. Its stages are fields of their own, as the
   * JSON keeps them; {@link #seconds(Measures.Stage)} reads them by the table of {@link
   * Measures.Stage}.
   */
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
      CpuProfile cpu) {

    /** A row whose stages' medians are {@code stages}, one per {@link Measures.Stage}. */
    Row(
        long records,
        int runs,
        double totalSeconds,
        Map<Measures.Stage, Double> stages,
        double peakRssMiB,
        double recordsPerSecond,
        double relativeToSmallest,
        double publishedSeconds,
        boolean publishedMeasured,
        long totalAmount,
        CpuProfile cpu) {
      this(
          records,
          runs,
          totalSeconds,
          stages.get(Measures.Stage.STARTUP),
          stages.get(Measures.Stage.GENERATE),
          stages.get(Measures.Stage.BRONZE),
          stages.get(Measures.Stage.SILVER),
          stages.get(Measures.Stage.GOLD),
          peakRssMiB,
          recordsPerSecond,
          relativeToSmallest,
          publishedSeconds,
          publishedMeasured,
          totalAmount,
          cpu);
    }

    /** The median seconds of {@code stage}. */
    public double seconds(Measures.Stage stage) {
      return switch (stage) {
        case STARTUP -> startup;
        case GENERATE -> generate;
        case BRONZE -> bronze;
        case SILVER -> silver;
        case GOLD -> gold;
      };
    }
  }

  /**
   * Medians of where the CPU went, in seconds ({@code NaN} where no run measured it): all tasks,
   * the whole driver process (tasks included: the sweep runs in local mode), the driver's JIT
   * compilers and collectors, the rest of the process ({@code process - tasks - jit - gc} per run),
   * Spark's query planning, and the number of queries. The first four are the {@link #PARTS} of
   * {@link Measures.CpuPart} the sweep keeps; {@link #seconds(Measures.CpuPart)} reads them by it.
   */
  public record CpuProfile(
      double tasks,
      double process,
      double jit,
      double gc,
      double other,
      double planning,
      double queries) {

    /** The CPU parts the sweep keeps, in {@link Measures.CpuPart}'s order: one JVM runs it all. */
    static final List<Measures.CpuPart> PARTS =
        List.of(
            Measures.CpuPart.TASKS,
            Measures.CpuPart.DRIVER,
            Measures.CpuPart.DRIVER_JIT,
            Measures.CpuPart.DRIVER_GC);

    /** A profile whose {@link #PARTS}' medians are {@code parts}, with what the table lacks. */
    CpuProfile(Map<Measures.CpuPart, Double> parts, double other, double planning, double queries) {
      this(
          parts.get(Measures.CpuPart.TASKS),
          parts.get(Measures.CpuPart.DRIVER),
          parts.get(Measures.CpuPart.DRIVER_JIT),
          parts.get(Measures.CpuPart.DRIVER_GC),
          other,
          planning,
          queries);
    }

    /** The median seconds of {@code part}, {@code NaN} for one not in {@link #PARTS}. */
    public double seconds(Measures.CpuPart part) {
      return switch (part) {
        case TASKS -> tasks;
        case DRIVER -> process;
        case DRIVER_JIT -> jit;
        case DRIVER_GC -> gc;
        default -> Double.NaN;
      };
    }
  }

  /** The CPU parts in the CPU table's order, the process first, and their headers there. */
  private static final List<Measures.CpuPart> CPU_COLUMNS =
      List.of(
          Measures.CpuPart.DRIVER,
          Measures.CpuPart.TASKS,
          Measures.CpuPart.DRIVER_JIT,
          Measures.CpuPart.DRIVER_GC);

  private static final Map<Measures.CpuPart, String> CPU_HEADERS =
      Map.of(
          Measures.CpuPart.DRIVER, "process",
          Measures.CpuPart.TASKS, "tasks",
          Measures.CpuPart.DRIVER_JIT, "JIT",
          Measures.CpuPart.DRIVER_GC, "GC");

  /** The CSV's column of each of {@link CpuProfile#PARTS}, which it keeps in that order. */
  private static final Map<Measures.CpuPart, String> CPU_CSV_COLUMNS =
      Map.of(
          Measures.CpuPart.TASKS, "task_cpu_seconds",
          Measures.CpuPart.DRIVER, "process_cpu_seconds",
          Measures.CpuPart.DRIVER_JIT, "jit_seconds",
          Measures.CpuPart.DRIVER_GC, "gc_seconds");

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
    List<Row> rows = SweepMedians.rows(results);
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
        "%12s %5s %8s%s %9s %10s %7s %11s %8s",
        "records",
        "runs",
        "total s",
        columns(" %8s", stages().map(stage -> stage.key)),
        "peak MiB",
        "records/s",
        "× first",
        "published s",
        "speedup");
    for (Row r : rows) {
      line(
          out,
          "%,12d %5d %8.2f%s %9.0f %,10.0f %7.2f %10.0f%s %7.1fx",
          r.records(),
          r.runs(),
          r.totalSeconds(),
          columns(" %8.2f", stages().map(r::seconds)),
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
        "%12s%s %9s %9s %8s",
        "records",
        columns(" %9s", CPU_COLUMNS.stream().map(CPU_HEADERS::get)),
        "other",
        "planning",
        "queries");
    for (Row r : rows) {
      CpuProfile c = r.cpu();
      line(
          out,
          "%,12d%s %9.1f %9.1f %8.0f",
          r.records(),
          columns(" %9.1f", CPU_COLUMNS.stream().map(c::seconds)),
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

  /**
   * Each target this sweep measured, met or missed, and for a missed one what bounds it: how busy
   * the {@code cores} were, where the CPU went and the largest stage ({@link SweepTargets}).
   */
  public String targets(int cores) {
    return SweepTargets.targets(rows, cores);
  }

  /** The row of {@code records}, or null when the sweep did not run that count. */
  Row row(long records) {
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
    out.append(SweepTargets.speedupTarget(before, after));
    return out.toString();
  }

  public String csv() {
    StringBuilder out = new StringBuilder();
    line(
        out,
        "records,runs,total_seconds%s,peak_rss_mib,records_per_second,relative_to_smallest,"
            + "published_seconds,total_amount_krw%s,planning_seconds,queries",
        columns(",%s", stages().map(stage -> stage.key + "_seconds")),
        columns(",%s", CpuProfile.PARTS.stream().map(CPU_CSV_COLUMNS::get)));
    for (Row r : rows) {
      line(
          out,
          "%d,%d,%.3f%s,%.0f,%.1f,%.3f,%.1f,%d%s,%.3f,%.0f",
          r.records(),
          r.runs(),
          r.totalSeconds(),
          columns(",%.3f", stages().map(r::seconds)),
          r.peakRssMiB(),
          r.recordsPerSecond(),
          r.relativeToSmallest(),
          r.publishedSeconds(),
          r.totalAmount(),
          columns(",%.3f", CpuProfile.PARTS.stream().map(r.cpu()::seconds)),
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

  private static Stream<Measures.Stage> stages() {
    return Stream.of(Measures.Stage.values());
  }

  /** One column per value, each formatted with {@code format}, which says its separator. */
  private static String columns(String format, Stream<?> values) {
    return values.map(v -> String.format(Locale.ROOT, format, v)).collect(Collectors.joining());
  }

  static void line(StringBuilder out, String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
