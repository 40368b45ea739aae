package io.sparkbench.bench;

import io.sparkbench.api.result.BenchmarkResult;
import io.sparkbench.api.result.ScalingModel;
import io.sparkbench.api.run.Measures;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The figures of one record count: per repetition what the operator path and local mode took, and
 * their medians printed beside the targets.
 */
final class OverheadReport {

  /** Apply → driver process started, at most. */
  static final double APPLY_TO_DRIVER_TARGET_SECONDS = 1.0;

  /** Operator end to end ÷ the single-run command, at most, at {@link #RATIO_RECORDS}. */
  static final double RATIO_TARGET = 1.2;

  static final long RATIO_RECORDS = 1_000_000;

  /** Apply → Succeeded through the operator, at most, at {@link #END_TO_END_RECORDS}. */
  static final double END_TO_END_TARGET_SECONDS = 12;

  static final long END_TO_END_RECORDS = 10_000;

  private final int cores;

  /**
   * One repetition through the operator.
   *
   * @param podSeen apply → the driver pod seen by the kubelet, seconds
   * @param processStarted apply → the driver's process started, seconds
   * @param succeeded apply → the benchmark Succeeded, seconds
   * @param driverReported the run's duration the driver reported (from its JVM start), seconds
   * @param stages the driver's seconds per stage, {@code null} if its result had none
   * @param cpu CPU seconds of the run, {@code null} if its result had none
   */
  record OperatorRun(
      double podSeen,
      double processStarted,
      double succeeded,
      double driverReported,
      BenchmarkResult.StageSeconds stages,
      Cpu cpu) {}

  /** The CPU parts the report shows, in order, and their labels. */
  private static final List<Measures.CpuPart> CPU_PARTS =
      List.of(
          Measures.CpuPart.TASKS,
          Measures.CpuPart.DRIVER,
          Measures.CpuPart.DRIVER_JIT,
          Measures.CpuPart.EXECUTORS,
          Measures.CpuPart.EXECUTORS_JIT);

  private static final Map<Measures.CpuPart, String> CPU_LABELS =
      Map.of(
          Measures.CpuPart.TASKS, "tasks",
          Measures.CpuPart.DRIVER, "driver JVM (local mode: the whole process)",
          Measures.CpuPart.DRIVER_JIT, "driver JIT threads",
          Measures.CpuPart.EXECUTORS, "executor JVMs",
          Measures.CpuPart.EXECUTORS_JIT, "executor JIT threads");

  /** The parts every run reports, local mode's too: a run without one has no CPU figures. */
  private static final Set<Measures.CpuPart> CPU_REQUIRED =
      EnumSet.of(Measures.CpuPart.TASKS, Measures.CpuPart.DRIVER, Measures.CpuPart.DRIVER_JIT);

  /**
   * CPU seconds of one run by part, of {@link #CPU_PARTS}: all Spark tasks, the driver JVM (in
   * local mode the whole process, tasks included) and its JIT compiler threads, the executor JVMs
   * and theirs ({@code NaN} in local mode or where not reported).
   */
  record Cpu(Map<Measures.CpuPart, Double> seconds) {

    Cpu {
      seconds = Map.copyOf(seconds);
    }

    /** The parts in {@link #CPU_PARTS}'s order. */
    Cpu(double tasks, double driver, double driverJit, double executors, double executorsJit) {
      this(
          Map.of(
              Measures.CpuPart.TASKS, tasks,
              Measures.CpuPart.DRIVER, driver,
              Measures.CpuPart.DRIVER_JIT, driverJit,
              Measures.CpuPart.EXECUTORS, executors,
              Measures.CpuPart.EXECUTORS_JIT, executorsJit));
    }

    /**
     * The {@link #CPU_PARTS} as {@code read} gives them, null where not measured: null when one of
     * the {@link #CPU_REQUIRED} is, {@code NaN} for another.
     */
    static Cpu read(Function<Measures.CpuPart, Double> read) {
      Map<Measures.CpuPart, Double> seconds = new EnumMap<>(Measures.CpuPart.class);
      for (Measures.CpuPart part : CPU_PARTS) {
        Double value = read.apply(part);
        if (value == null && CPU_REQUIRED.contains(part)) {
          return null;
        }
        seconds.put(part, value == null ? Double.NaN : value);
      }
      return new Cpu(seconds);
    }

    /** Seconds of {@code part}, {@code NaN} where not measured. */
    double of(Measures.CpuPart part) {
      return seconds.getOrDefault(part, Double.NaN);
    }

    /** Seconds of the driver and executor JVMs together, all their threads. */
    double jvms() {
      return of(Measures.CpuPart.DRIVER) + nanToZero(of(Measures.CpuPart.EXECUTORS));
    }
  }

  /**
   * One local-mode run.
   *
   * @param seconds total seconds from its JVM start, as the job reports them
   * @param stages its seconds per stage
   * @param cpu its CPU seconds, {@code null} if its result had none
   */
  record LocalRun(double seconds, BenchmarkResult.StageSeconds stages, Cpu cpu) {}

  private final long records;
  private final List<OperatorRun> operatorRuns = new ArrayList<>();
  private final List<LocalRun> localRuns = new ArrayList<>();

  OverheadReport(long records) {
    this(records, Runtime.getRuntime().availableProcessors());
  }

  /** The report of {@code records}, on a machine of {@code cores} cores. */
  OverheadReport(long records, int cores) {
    this.records = records;
    this.cores = cores;
  }

  void add(OperatorRun run) {
    operatorRuns.add(run);
  }

  void addLocal(LocalRun run) {
    localRuns.add(run);
  }

  double median(ToDoubleFunction<OperatorRun> field) {
    return ScalingModel.median(operatorRuns.stream().map(field::applyAsDouble).toList());
  }

  /** Median local-mode seconds, NaN without local runs. */
  double localMedian() {
    return localMedian(LocalRun::seconds);
  }

  /** Median of a field over the local-mode runs, NaN without local runs. */
  private double localMedian(ToDoubleFunction<LocalRun> field) {
    return localRuns.isEmpty()
        ? Double.NaN
        : ScalingModel.median(localRuns.stream().map(field::applyAsDouble).toList());
  }

  /** Median apply → Succeeded ÷ median local seconds, NaN without local runs. */
  double ratio() {
    return median(OperatorRun::succeeded) / localMedian();
  }

  String table() {
    StringBuilder out = new StringBuilder();
    line(
        out,
        "%,d records, 1 executor: medians of %d operator and %d local run(s), seconds",
        records,
        operatorRuns.size(),
        localRuns.size());
    row(out, "apply -> driver pod seen by the kubelet", OperatorRun::podSeen, "");
    double toDriver = median(OperatorRun::processStarted);
    row(
        out,
        "apply -> driver process started",
        OperatorRun::processStarted,
        verdict(toDriver, APPLY_TO_DRIVER_TARGET_SECONDS, "target <= 1 s"));
    double endToEnd = median(OperatorRun::succeeded);
    row(
        out,
        "apply -> Succeeded (operator, end to end)",
        OperatorRun::succeeded,
        records == END_TO_END_RECORDS
            ? verdict(endToEnd, END_TO_END_TARGET_SECONDS, "target <= 12 s")
            : "");
    row(out, "run duration reported by the driver", OperatorRun::driverReported, "");
    if (records == END_TO_END_RECORDS && endToEnd > END_TO_END_TARGET_SECONDS) {
      line(out, "    %s", endToEndBound());
    }
    if (localRuns.isEmpty()) {
      line(out, "  %-44s %9s", "local mode (the single-run command)", "skipped");
      return out.toString();
    }
    line(
        out,
        "  %-44s %9.3f   %s",
        "local mode (the single-run command)",
        localMedian(),
        values(localRuns.stream().map(LocalRun::seconds).toList()));
    line(
        out,
        "  %-44s %8.2fx   %s",
        "ratio operator / local",
        ratio(),
        records == RATIO_RECORDS ? verdict(ratio(), RATIO_TARGET, "target <= 1.2x") : "");
    if (records == RATIO_RECORDS && ratio() > RATIO_TARGET) {
      line(out, "    %s", ratioBound());
    }
    line(
        out,
        "  %-44s %8.2fx",
        "ratio driver-reported / local",
        median(OperatorRun::driverReported) / localMedian());
    stages(out);
    cpu(out);
    return out.toString();
  }

  /**
   * Where a 10k run's time through the operator goes, for a missed end-to-end target: the apply →
   * driver process, the driver's stages, its result → Succeeded, and how busy the cores were.
   */
  String endToEndBound() {
    StringBuilder parts = new StringBuilder();
    parts.append(
        String.format(Locale.ROOT, "apply -> driver %.1f s", median(OperatorRun::processStarted)));
    if (operatorRuns.stream().noneMatch(r -> r.stages() == null)) {
      for (Measures.Stage stage : Measures.Stage.values()) {
        parts.append(
            String.format(
                Locale.ROOT, ", %s %.1f s", stage.key, median(r -> stage.of(r.stages()))));
      }
    }
    parts.append(
        String.format(Locale.ROOT, ", driver's result -> Succeeded %.1f s", afterResult()));
    return "bound by: " + parts + busy();
  }

  /**
   * Where the operator's time beyond local mode goes, for a missed ratio target: the apply →
   * driver, each stage's extra, the result → Succeeded, and the CPU both used.
   */
  String ratioBound() {
    double extra = median(OperatorRun::succeeded) - localMedian();
    StringBuilder parts = new StringBuilder();
    parts.append(
        String.format(Locale.ROOT, "apply -> driver +%.1f", median(OperatorRun::processStarted)));
    if (operatorRuns.stream().noneMatch(r -> r.stages() == null)
        && localRuns.stream().noneMatch(r -> r.stages() == null)) {
      for (Measures.Stage stage : Measures.Stage.values()) {
        parts.append(
            String.format(
                Locale.ROOT,
                ", %s %+.1f",
                stage.key,
                median(r -> stage.of(r.stages())) - localMedian(r -> stage.of(r.stages()))));
      }
    }
    parts.append(String.format(Locale.ROOT, ", result -> Succeeded +%.1f", afterResult()));
    String cpu = "";
    if (operatorRuns.stream().noneMatch(r -> r.cpu() == null)
        && localRuns.stream().noneMatch(r -> r.cpu() == null)) {
      double operator = median(r -> r.cpu().jvms());
      cpu =
          String.format(
              Locale.ROOT,
              "; CPU %.1f s in the driver and executor JVMs against %.1f s in local mode's one",
              operator,
              localMedian(r -> r.cpu().of(Measures.CpuPart.DRIVER)));
    }
    return String.format(Locale.ROOT, "bound by: +%.1f s over local mode: ", extra)
        + parts
        + " s"
        + cpu
        + busy();
  }

  /**
   * The driver's result → the benchmark Succeeded: its JVM's exit, the pod status, the operator.
   */
  private double afterResult() {
    return median(r -> r.succeeded() - r.processStarted() - r.driverReported());
  }

  /** How busy the cores were through the operator, when every run reported its CPU. */
  private String busy() {
    if (operatorRuns.stream().anyMatch(r -> r.cpu() == null)) {
      return "";
    }
    double cpu = median(r -> r.cpu().jvms());
    double wall = median(OperatorRun::succeeded);
    return String.format(
        Locale.ROOT,
        "; the %d cores %.0f %% busy from apply to Succeeded (%.1f s of CPU)",
        cores,
        cpu / (wall * cores) * 100,
        cpu);
  }

  private static double nanToZero(double value) {
    return Double.isNaN(value) ? 0 : value;
  }

  /**
   * Each stage's median seconds through the operator and in local mode, and their ratio: where the
   * operator's extra time goes. Left out unless every run reported its stages.
   */
  private void stages(StringBuilder out) {
    if (operatorRuns.stream().anyMatch(r -> r.stages() == null)
        || localRuns.stream().anyMatch(r -> r.stages() == null)) {
      return;
    }
    line(out, "  %-44s %9s %9s %8s", "stage medians, seconds", "operator", "local", "ratio");
    for (Measures.Stage stage : Measures.Stage.values()) {
      double operator = median(r -> stage.of(r.stages()));
      double local = localMedian(r -> stage.of(r.stages()));
      line(out, "    %-42s %9.2f %9.2f %7.2fx", stage.key, operator, local, operator / local);
    }
  }

  /**
   * CPU seconds through the operator and in local mode: the tasks', the driver JVM's and the
   * executor JVMs' (through the operator only), each with its JIT threads' share. Left out unless
   * every run reported them.
   */
  private void cpu(StringBuilder out) {
    if (operatorRuns.stream().anyMatch(r -> r.cpu() == null)
        || localRuns.stream().anyMatch(r -> r.cpu() == null)) {
      return;
    }
    line(out, "  %-44s %9s %9s", "CPU medians, seconds", "operator", "local");
    for (Measures.CpuPart part : CPU_PARTS) {
      line(
          out,
          "    %-42s %9s %9s",
          CPU_LABELS.get(part),
          seconds(median(r -> r.cpu().of(part))),
          seconds(localMedian(r -> r.cpu().of(part))));
    }
  }

  private static String seconds(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f", value);
  }

  private void row(
      StringBuilder out, String label, ToDoubleFunction<OperatorRun> field, String note) {
    List<Double> values = operatorRuns.stream().map(field::applyAsDouble).toList();
    line(out, "  %-44s %9.3f   %s%s", label, median(field), values(values), note);
  }

  private static String values(List<Double> values) {
    if (values.size() < 2) {
      return "";
    }
    StringBuilder all = new StringBuilder("(");
    for (double v : values) {
      all.append(all.length() > 1 ? ", " : "").append(String.format(Locale.ROOT, "%.3f", v));
    }
    return all.append(") ").toString();
  }

  static String verdict(double value, double target, String text) {
    return text + (value <= target ? ": met" : ": missed");
  }

  private static void line(StringBuilder out, String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args).stripTrailing()).append('\n');
  }
}
