package io.sparkbench.bench;

import io.sparkbench.api.result.BenchmarkResult;
import io.sparkbench.api.result.ScalingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

  /**
   * CPU seconds of one run.
   *
   * @param tasks all Spark tasks
   * @param driver the driver JVM (in local mode the whole process, tasks included)
   * @param driverJit the driver JVM's JIT compiler threads
   * @param executors the executor JVMs, {@code NaN} in local mode or where not reported
   * @param executorsJit the executor JVMs' JIT compiler threads, likewise
   */
  record Cpu(
      double tasks, double driver, double driverJit, double executors, double executorsJit) {}

  /**
   * One local-mode run.
   *
   * @param seconds total seconds from its JVM start, as the job reports them
   * @param stages its seconds per stage
   * @param cpu its CPU seconds, {@code null} if its result had none
   */
  record LocalRun(double seconds, BenchmarkResult.StageSeconds stages, Cpu cpu) {}

  /** The stages of a run, in order, with how each is read from the job's result. */
  private static final List<Map.Entry<String, ToDoubleFunction<BenchmarkResult.StageSeconds>>>
      STAGES =
          List.of(
              Map.entry("startup", BenchmarkResult.StageSeconds::startup),
              Map.entry("generate", BenchmarkResult.StageSeconds::generate),
              Map.entry("bronze", BenchmarkResult.StageSeconds::bronze),
              Map.entry("silver", BenchmarkResult.StageSeconds::silver),
              Map.entry("gold", BenchmarkResult.StageSeconds::gold));

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
      for (Map.Entry<String, ToDoubleFunction<BenchmarkResult.StageSeconds>> stage : STAGES) {
        parts.append(
            String.format(
                Locale.ROOT,
                ", %s %.1f s",
                stage.getKey(),
                median(r -> stage.getValue().applyAsDouble(r.stages()))));
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
      for (Map.Entry<String, ToDoubleFunction<BenchmarkResult.StageSeconds>> stage : STAGES) {
        parts.append(
            String.format(
                Locale.ROOT,
                ", %s %+.1f",
                stage.getKey(),
                median(r -> stage.getValue().applyAsDouble(r.stages()))
                    - localMedian(r -> stage.getValue().applyAsDouble(r.stages()))));
      }
    }
    parts.append(String.format(Locale.ROOT, ", result -> Succeeded +%.1f", afterResult()));
    String cpu = "";
    if (operatorRuns.stream().noneMatch(r -> r.cpu() == null)
        && localRuns.stream().noneMatch(r -> r.cpu() == null)) {
      double operator = median(r -> r.cpu().driver() + nanToZero(r.cpu().executors()));
      cpu =
          String.format(
              Locale.ROOT,
              "; CPU %.1f s in the driver and executor JVMs against %.1f s in local mode's one",
              operator,
              localMedian(r -> r.cpu().driver()));
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
    double cpu = median(r -> r.cpu().driver() + nanToZero(r.cpu().executors()));
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
    for (Map.Entry<String, ToDoubleFunction<BenchmarkResult.StageSeconds>> stage : STAGES) {
      double operator = median(r -> stage.getValue().applyAsDouble(r.stages()));
      double local = localMedian(r -> stage.getValue().applyAsDouble(r.stages()));
      line(out, "    %-42s %9.2f %9.2f %7.2fx", stage.getKey(), operator, local, operator / local);
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
    List<Map.Entry<String, ToDoubleFunction<Cpu>>> parts =
        List.of(
            Map.entry("tasks", Cpu::tasks),
            Map.entry("driver JVM (local mode: the whole process)", Cpu::driver),
            Map.entry("driver JIT threads", Cpu::driverJit),
            Map.entry("executor JVMs", Cpu::executors),
            Map.entry("executor JIT threads", Cpu::executorsJit));
    for (Map.Entry<String, ToDoubleFunction<Cpu>> part : parts) {
      line(
          out,
          "    %-42s %9s %9s",
          part.getKey(),
          seconds(median(r -> part.getValue().applyAsDouble(r.cpu()))),
          seconds(localMedian(r -> part.getValue().applyAsDouble(r.cpu()))));
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
