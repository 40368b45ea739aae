package io.sparkbench.operator.bench;

import io.sparkbench.app.model.ScalingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The figures of one record count: per repetition what the operator path and local mode took, and
 * their medians printed beside the targets.
 */
final class OverheadReport {

  /** Apply → driver process started, at most. */
  static final double APPLY_TO_DRIVER_TARGET_SECONDS = 1.0;

  /** Operator end to end ÷ local mode, at most. */
  static final double RATIO_TARGET = 1.5;

  /**
   * One repetition through the operator.
   *
   * @param podSeen apply → the driver pod seen by the kubelet, seconds
   * @param processStarted apply → the driver's process started, seconds
   * @param succeeded apply → the benchmark Succeeded, seconds
   * @param driverReported the run's duration the driver reported (from its JVM start), seconds
   */
  record OperatorRun(
      double podSeen, double processStarted, double succeeded, double driverReported) {}

  private final long records;
  private final List<OperatorRun> operatorRuns = new ArrayList<>();
  private final List<Double> localRuns = new ArrayList<>();

  OverheadReport(long records) {
    this.records = records;
  }

  void add(OperatorRun run) {
    operatorRuns.add(run);
  }

  /** A local-mode run's total seconds (from its JVM start, as the job reports it). */
  void addLocal(double seconds) {
    localRuns.add(seconds);
  }

  double median(ToDoubleFunction<OperatorRun> field) {
    return ScalingModel.median(operatorRuns.stream().map(field::applyAsDouble).toList());
  }

  /** Median local-mode seconds, NaN without local runs. */
  double localMedian() {
    return localRuns.isEmpty() ? Double.NaN : ScalingModel.median(localRuns);
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
    row(out, "apply -> Succeeded (operator, end to end)", OperatorRun::succeeded, "");
    row(out, "run duration reported by the driver", OperatorRun::driverReported, "");
    if (localRuns.isEmpty()) {
      line(out, "  %-44s %9s", "local mode (ScalingSweep, fresh JVM)", "skipped");
      return out.toString();
    }
    line(
        out,
        "  %-44s %9.3f   %s",
        "local mode (ScalingSweep, fresh JVM)",
        localMedian(),
        values(localRuns));
    line(
        out,
        "  %-44s %8.2fx   %s",
        "ratio operator / local",
        ratio(),
        verdict(ratio(), RATIO_TARGET, "target <= 1.5x"));
    line(
        out,
        "  %-44s %8.2fx",
        "ratio driver-reported / local",
        median(OperatorRun::driverReported) / localMedian());
    return out.toString();
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
