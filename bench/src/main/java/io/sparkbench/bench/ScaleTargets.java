package io.sparkbench.bench;

import java.util.Locale;

/**
 * The operator-at-scale targets, met or missed beside the figures, and for a missed one what bounds
 * it. Printed, never asserted.
 */
final class ScaleTargets {

  /** The queue the first target is stated for. */
  static final int TARGET_BENCHMARKS = 1_000;

  static final double TARGET_SECONDS = 60;
  static final double TARGET_RSS_MIB = 512;

  /** Cores this busy or more: the machine's CPU is what the run waited for. */
  private static final double CPU_BOUND_PERCENT = 85;

  private ScaleTargets() {}

  /**
   * What bounded the wait for every benchmark's phase.
   *
   * @param seconds first apply until the last benchmark had a phase
   * @param applySeconds of which the benchmark tool spent applying
   * @param operatorCpu the operator process's CPU seconds meanwhile
   * @param busyPercent how busy the machine's cores were meanwhile, 0 to 100
   * @param requestsPerBenchmark the operator's API requests per benchmark meanwhile
   */
  record QueueFigures(
      int benchmarks,
      double seconds,
      double applySeconds,
      double operatorCpu,
      double busyPercent,
      int cores,
      double requestsPerBenchmark) {}

  /** {@code 1,000 queued benchmarks all with a status within 60 s: met (41.2 s)} or why not. */
  static String queue(QueueFigures f) {
    String target =
        String.format(
            Locale.ROOT,
            "%,d queued benchmarks all with a status within %.0f s",
            TARGET_BENCHMARKS,
            TARGET_SECONDS);
    if (f.benchmarks() != TARGET_BENCHMARKS) {
      return String.format(
          Locale.ROOT,
          "%s: not judged, this run queued %,d (%.1f s)",
          target,
          f.benchmarks(),
          f.seconds());
    }
    if (f.seconds() <= TARGET_SECONDS) {
      return String.format(Locale.ROOT, "%s: met (%.1f s)", target, f.seconds());
    }
    String cpu =
        String.format(
            Locale.ROOT,
            "the machine's %d cores %.0f %% busy, the operator %.1f s of CPU in %.1f s (%.2f"
                + " cores)",
            f.cores(),
            f.busyPercent(),
            f.operatorCpu(),
            f.seconds(),
            f.operatorCpu() / f.seconds());
    String bound =
        f.busyPercent() >= CPU_BOUND_PERCENT
            ? "bound by CPU: " + cpu + ", the API server, etcd and the controllers the rest"
            : String.format(
                Locale.ROOT,
                "bound by waiting, not by CPU: %s; the operator's %.2f API requests per benchmark"
                    + " are round trips its reconciliations wait for",
                cpu,
                f.requestsPerBenchmark());
    return String.format(
        Locale.ROOT,
        "%s: missed by %.1f s (%.1f s); %s; applying took %.1f s of it",
        target,
        f.seconds() - TARGET_SECONDS,
        f.seconds(),
        bound,
        f.applySeconds());
  }

  /**
   * The JVM's memory as the operator's {@code /metrics} reports it at the end, in MiB; NaN where
   * unknown.
   */
  record Memory(double heapCommitted, double heapMax, double nonHeapCommitted) {}

  /** {@code operator under 512 MiB RSS: met (peak 301 MiB)} or what the resident set holds. */
  static String rss(double peakRssMiB, Memory memory) {
    String target = String.format(Locale.ROOT, "operator under %.0f MiB RSS", TARGET_RSS_MIB);
    if (peakRssMiB < TARGET_RSS_MIB) {
      return String.format(Locale.ROOT, "%s: met (peak %.0f MiB)", target, peakRssMiB);
    }
    String bound =
        Double.isNaN(memory.heapCommitted())
            ? "the JVM's own figures were not available"
            : String.format(
                Locale.ROOT,
                "bound by the JVM's memory: heap committed %.0f MiB (max %.0f), non-heap %.0f MiB"
                    + " (classes, code cache), %.0f MiB the rest (thread stacks, collector and JIT"
                    + " structures, native buffers; at the end, against the peak)",
                memory.heapCommitted(),
                memory.heapMax(),
                memory.nonHeapCommitted(),
                Math.max(0, peakRssMiB - memory.heapCommitted() - memory.nonHeapCommitted()));
    return String.format(
        Locale.ROOT,
        "%s: missed by %.0f MiB (peak %.0f MiB); %s",
        target,
        peakRssMiB - TARGET_RSS_MIB,
        peakRssMiB,
        bound);
  }
}
