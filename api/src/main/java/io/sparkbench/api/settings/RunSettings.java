package io.sparkbench.api.settings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * How a run's JVMs are started, defined once for every path that starts one: the single-run command
 * ({@code java -jar spark-app.jar}, which relaunches itself with these settings, see {@code
 * Relaunch}), the operator's driver and executor pods (through Spark's {@code
 * spark.*.defaultJavaOptions}) and the scaling sweep's tuned runs.
 */
public final class RunSettings {

  /**
   * The system property that says which settings a JVM was started with: {@code tuned} when it got
   * these, {@code none} when its starter asked for the JVM's own defaults. A JVM without it was
   * started by hand; {@code Relaunch} then starts the run again with these settings. (Not {@code
   * sparkbench.*}: Spark refuses executor Java options that contain {@code -Dspark}.)
   */
  public static final String PROPERTY = "io.sparkbench.jvmSettings";

  public static final String TUNED = "tuned";
  public static final String NONE = "none";

  /**
   * JVM options for one short local run. The parallel collector has less overhead than G1 for a
   * batch job and returns to a smaller footprint; the heap is capped so resident memory stays under
   * 1 GiB whatever the data size (Spark spills instead). With a 640 MiB heap peak RSS was 1.0-1.05
   * GiB at 1M records and 1.14 GiB at 10M; with 512 MiB and {@link #ENVIRONMENT} it was 0.91 GiB at
   * 1M and 0.96 GiB at 10M, with run times within the noise of the larger heap at 1M.
   */
  public static final List<String> LOCAL_JVM_OPTIONS =
      List.of(
          "-XX:+UseParallelGC",
          "-Xms512m",
          "-Xmx512m",
          "-XX:MaxMetaspaceSize=256m",
          "-XX:ReservedCodeCacheSize=96m",
          "-XX:MaxDirectMemorySize=128m",
          "-Xss1m",
          "-XX:-UsePerfData");

  /**
   * JVM options of a pod's driver or executor: the collector and the caps of {@link
   * #LOCAL_JVM_OPTIONS} without heap and direct-memory sizes. A pod's heap is the spec's memory
   * (Spark's {@code spark.*.memory}), and an executor's shuffle needs the direct memory Spark sizes
   * for it.
   */
  public static final List<String> POD_JVM_OPTIONS =
      List.of(
          "-XX:+UseParallelGC",
          "-XX:MaxMetaspaceSize=256m",
          "-XX:ReservedCodeCacheSize=96m",
          "-Xss1m",
          "-XX:-UsePerfData");

  /**
   * Environment of a tuned JVM. glibc gives each thread that allocates natively its own malloc
   * arena (up to eight per core); Spark's many threads leave most of them partly used. Two arenas
   * cut peak RSS by about 40 MiB at 1M records.
   */
  public static final Map<String, String> ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");

  /**
   * Runs of at most this many records compile with C1 only. Such a run is over before C2's
   * optimized code pays for its compilation: at 10,000 records a run spent about half the process
   * CPU with C1 only (28-31 s against 52-62 s in three pairs of runs), while at 1,000,000 records
   * C1-only code cost 12-29% more CPU than tiered compilation.
   */
  public static final long SHORT_RUN_RECORDS = 100_000;

  /** The JIT option of runs of at most {@link #SHORT_RUN_RECORDS}. */
  public static final String SHORT_RUN_JIT = "-XX:TieredStopAtLevel=1";

  /**
   * The JIT options of longer runs: tiered compilation with less C2 inlining. With tiered
   * compilation at 1,000,000 records C2's one thread was busy for most of the run (14.7 s of an 18
   * s run); inlining smaller methods only cut the JIT threads' CPU from 10.8-12.0 s to 8.9-9.1 s
   * and the run from 17.5-19.2 s to 16.4-18.0 s, each of three alternating pairs faster, without
   * more CPU in the tasks.
   */
  public static final List<String> LONG_RUN_JIT =
      List.of("-XX:FreqInlineSize=100", "-XX:InlineSmallCode=1000");

  private RunSettings() {}

  /**
   * Options of a local run's JVM for {@code records}; {@code archive} is a class-data-sharing
   * archive to use, or null.
   */
  public static List<String> localJvmOptions(long records, Path archive) {
    List<String> options = new ArrayList<>(LOCAL_JVM_OPTIONS);
    options.addAll(jit(records));
    if (archive != null) {
      options.add("-XX:SharedArchiveFile=" + archive);
      options.add("-Xshare:auto");
    }
    options.add("-D" + PROPERTY + "=" + TUNED);
    return options;
  }

  /**
   * Options of a benchmark's driver JVM: C1 only at every record count. On Kubernetes the driver
   * runs no tasks; it plans, generates code and schedules, work that is over before C2's optimized
   * code pays for its compilation (with tiered compilation a quick-start driver spent about 10 s of
   * CPU in its JIT threads per run, on cores its executor needed).
   */
  public static List<String> driverJvmOptions() {
    return podJvmOptions(List.of(SHORT_RUN_JIT));
  }

  /**
   * Options of a benchmark's executor JVMs, which run the tasks: one JIT for all its record counts
   * so that its fitted model is one cost curve, C1 only when every count is a short run.
   */
  public static List<String> executorJvmOptions(long largestRecords) {
    return podJvmOptions(jit(largestRecords));
  }

  /** {@link #POD_JVM_OPTIONS} with {@code jit}, marked as the project's run settings. */
  private static List<String> podJvmOptions(List<String> jit) {
    List<String> options = new ArrayList<>(POD_JVM_OPTIONS);
    options.addAll(jit);
    options.add("-D" + PROPERTY + "=" + TUNED);
    return options;
  }

  /**
   * The JIT that JVM options choose, as {@link #jitOf(String, String)} names it; the last of
   * several options wins, as in the JVM.
   */
  public static String jitOf(List<String> options) {
    String tiered = null;
    String stopAtLevel = null;
    for (String option : options) {
      if (option.equals("-XX:-TieredCompilation")) {
        tiered = "false";
      } else if (option.equals("-XX:+TieredCompilation")) {
        tiered = "true";
      } else if (option.startsWith("-XX:TieredStopAtLevel=")) {
        stopAtLevel = option.substring("-XX:TieredStopAtLevel=".length());
      }
    }
    return jitOf(tiered, stopAtLevel);
  }

  /**
   * {@code C2} (no tiers), {@code C1} (tiers up to 1) or {@code tiered}, from the values of the
   * JVM's {@code TieredCompilation} and {@code TieredStopAtLevel} (null: the default).
   */
  public static String jitOf(String tiered, String stopAtLevel) {
    if ("false".equals(tiered)) {
      return "C2";
    }
    return "1".equals(stopAtLevel) ? "C1" : "tiered";
  }

  private static List<String> jit(long records) {
    return records <= SHORT_RUN_RECORDS ? List.of(SHORT_RUN_JIT) : LONG_RUN_JIT;
  }

  /**
   * {@code ours} then {@code theirs}, leaving out each of ours whose family (heap sizes, collector,
   * JIT, class-data sharing) {@code theirs} already sets: the JVM refuses two collectors, and a
   * user's {@code -Xmx} below our {@code -Xms} would not start.
   */
  public static List<String> merge(List<String> ours, List<String> theirs) {
    List<String> merged = new ArrayList<>();
    for (String option : ours) {
      Family family = Family.of(option);
      if (family == null || theirs.stream().noneMatch(family.matches)) {
        merged.add(option);
      }
    }
    merged.addAll(theirs);
    return merged;
  }

  /** Whether the option uses, writes or turns off a class-data-sharing archive. */
  public static boolean isSharingOption(String option) {
    return option.startsWith("-XX:SharedArchiveFile")
        || option.startsWith("-Xshare")
        || option.startsWith("-XX:ArchiveClassesAtExit");
  }

  /** Groups of JVM options that must be set together or not at all. */
  private enum Family {
    HEAP(o -> o.startsWith("-Xmx") || o.startsWith("-Xms") || o.contains("RAMPercentage")),
    COLLECTOR(o -> o.matches("-XX:[+-]Use\\w*GC")),
    JIT(
        o ->
            o.startsWith("-XX:TieredStopAtLevel")
                || o.matches("-XX:[+-]TieredCompilation")
                || o.startsWith("-XX:FreqInlineSize=")
                || o.startsWith("-XX:InlineSmallCode=")
                || o.equals("-Xint")
                || o.equals("-Xcomp")),
    SHARING(RunSettings::isSharingOption);

    final Predicate<String> matches;

    Family(Predicate<String> matches) {
      this.matches = matches;
    }

    static Family of(String option) {
      for (Family family : values()) {
        if (family.matches.test(option)) {
          return family;
        }
      }
      return null;
    }
  }
}
