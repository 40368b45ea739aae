package io.sparkbench.app.sweep;

import static io.sparkbench.app.sweep.SweepReport.line;

import io.sparkbench.api.run.Measures;
import io.sparkbench.app.sweep.SweepReport.CpuProfile;
import io.sparkbench.app.sweep.SweepReport.Row;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The sweep's targets beside what it measured: the single-run command's time per record count, the
 * peak RSS at every size and the tuned run's speedup. They are printed, never asserted, and a
 * missed one says what bounds it, so that the sweep's output is a diagnosis rather than a verdict.
 */
final class SweepTargets {

  private SweepTargets() {}

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
  static String targets(List<Row> rows, int cores) {
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
    // The first of equals, in the stages' order.
    Measures.Stage largest =
        Stream.of(Measures.Stage.values()).max(Comparator.comparingDouble(r::seconds)).get();
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
        largest.key,
        r.seconds(largest),
        r.seconds(largest) / r.totalSeconds() * 100);
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
}
