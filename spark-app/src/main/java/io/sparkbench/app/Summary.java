package io.sparkbench.app;

import io.sparkbench.api.result.BenchmarkResult;
import java.util.Locale;

/** The readable summary of a successful run printed on stdout. */
final class Summary {

  private Summary() {}

  static String of(BenchmarkResult r) {
    BenchmarkResult.StageSeconds s = r.stages();
    BenchmarkResult.RowCounts rows = r.rows();
    double pipeline = s.generate() + s.bronze() + s.silver() + s.gold();
    StringBuilder out = new StringBuilder();
    line(
        out,
        "sparkbench medallion: %,d records, seed %d, Spark %s on %s",
        r.records(),
        r.seed(),
        r.sparkVersion(),
        r.master());
    line(out, "  %-9s %9s", "stage", "seconds");
    line(out, "  %-9s %9.2f", "startup", s.startup());
    line(out, "  %-9s %9.2f", "generate", s.generate());
    line(out, "  %-9s %9.2f", "bronze", s.bronze());
    line(out, "  %-9s %9.2f", "silver", s.silver());
    line(out, "  %-9s %9.2f", "gold", s.gold());
    line(out, "  %-9s %9.2f  (from JVM start)", "total", r.totalSeconds());
    line(
        out,
        "rows: generated %,d, bronze %,d, rejected %,d, duplicates %,d, silver %,d, gold %,d",
        rows.generated(),
        rows.bronze(),
        rows.rejected(),
        rows.duplicates(),
        rows.silver(),
        rows.gold());
    line(out, "total amount: %,d KRW", r.totalAmount());
    line(
        out,
        "throughput: %,.0f records/s over the pipeline stages",
        pipeline == 0 ? 0 : r.records() / pipeline);
    line(
        out,
        "memory: driver %s%s",
        peak(r.memory().driver()),
        r.memory().executor() == null ? "" : "; executor " + peak(r.memory().executor()));
    line(
        out,
        "cpu: tasks %.1f s, driver process %.1f s, utilization %.0f%% of %d cores, %d executor(s)",
        r.cpu().taskSeconds(),
        r.cpu().processSeconds(),
        r.cpu().utilization() * 100,
        r.cpu().cores(),
        r.executors());
    BenchmarkResult.Cpu cpu = r.cpu();
    BenchmarkResult.Efficiency e = r.efficiency();
    if (e != null) {
      line(
          out,
          "parallelism: %.2f tasks active on average, task CPU %.1f of %.1f allocated core-seconds,"
              + " longest stage chain %d of %d stages",
          e.averageActiveTasks(),
          cpu.taskSeconds(),
          e.allocatedCoreSeconds(),
          e.longestStageChain(),
          e.stages());
    }
    if (cpu.gcSeconds() != null && cpu.planningSeconds() != null && cpu.queries() != null) {
      line(
          out,
          "driver: JIT compiler threads %s, GC threads %.1f s, query planning %.1f s over %d"
              + " queries",
          cpu.jitSeconds() == null ? "n/a" : String.format(Locale.ROOT, "%.1f s", cpu.jitSeconds()),
          cpu.gcSeconds(),
          cpu.planningSeconds(),
          cpu.queries());
    }
    if (cpu.executorProcessSeconds() != null) {
      line(
          out,
          "executors: process %.1f s, JIT compiler threads %.1f s, GC threads %.1f s",
          cpu.executorProcessSeconds(),
          cpu.executorJitSeconds(),
          cpu.executorGcSeconds());
    }
    if (r.jvm() != null) {
      line(
          out,
          "jvm: %s settings, %s JIT, %s GC, heap up to %d MiB, %s",
          r.jvm().settings(),
          r.jvm().jit(),
          r.jvm().gc(),
          r.jvm().heapMiB(),
          r.jvm().archive() == null
              ? "no class-data-sharing archive"
              : "class-data sharing from " + r.jvm().archive());
    }
    line(out, "report: %s", r.reportUri());
    if (r.eventLogUri() != null) {
      line(out, "event log: %s", r.eventLogUri());
    }
    return out.toString();
  }

  private static String peak(BenchmarkResult.Peak p) {
    return "peak heap " + mib(p.heapMiB()) + ", peak RSS " + mib(p.rssMiB());
  }

  private static String mib(Long value) {
    return value == null ? "n/a" : value + " MiB";
  }

  private static void line(StringBuilder out, String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
