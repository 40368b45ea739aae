package io.sparkbench.app.bench;

import io.sparkbench.app.SparkSessions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the sweep starts each run's JVM: as it comes ({@link #NONE}: JVM and Spark defaults) or tuned
 * for a short, memory-bounded batch run ({@link #TUNED}). Comparing the two is the sweep's "before
 * and after".
 */
public enum Tuning {
  /** {@code java -jar} with no options, and Spark's own defaults for every setting we tune. */
  NONE,
  /** {@link #JVM_OPTIONS}, a class-data-sharing archive, and the job's local-mode settings. */
  TUNED;

  /**
   * JVM options for one short local run. The parallel collector has less overhead than G1 for a
   * batch job and returns to a smaller footprint; the heap is capped so resident memory stays under
   * 1 GiB whatever the data size (Spark spills instead). With a 640 MiB heap peak RSS was 1.0-1.05
   * GiB at 1M records and 1.14 GiB at 10M; with 512 MiB and {@link #ENVIRONMENT} it was 0.91 GiB at
   * 1M and 0.96 GiB at 10M, with run times within the noise of the larger heap at 1M.
   */
  public static final List<String> JVM_OPTIONS =
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
   * Environment of a tuned run's JVM. glibc gives each thread that allocates natively its own
   * malloc arena (up to eight per core); Spark's many threads leave most of them partly used. Two
   * arenas cut peak RSS by about 40 MiB at 1M records.
   */
  public static final Map<String, String> ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");

  /**
   * Runs of at most this many records compile with C1 only. Such a run is over before C2's
   * optimized code pays for its compilation: at 10,000 records a run spent about half the process
   * CPU with C1 only (28-31 s against 52-62 s in three pairs of runs), while at 1,000,000 records
   * C1-only code cost 12-29% more CPU than tiered compilation.
   */
  public static final long SHORT_RUN_RECORDS = 100_000;

  /** The JIT option of {@link #TUNED} runs of at most {@link #SHORT_RUN_RECORDS}. */
  public static final String SHORT_RUN_JIT = "-XX:TieredStopAtLevel=1";

  /**
   * JVM options for a run of {@code records}; {@code archive} is the class-data-sharing archive, if
   * one exists.
   */
  public List<String> jvmOptions(Path archive, long records) {
    if (this == NONE) {
      return List.of();
    }
    List<String> options = new ArrayList<>(JVM_OPTIONS);
    if (records <= SHORT_RUN_RECORDS) {
      options.add(SHORT_RUN_JIT);
    }
    if (archive != null) {
      options.add("-XX:SharedArchiveFile=" + archive);
      options.add("-Xshare:auto");
    }
    return options;
  }

  /** Environment variables for a run's JVM, on top of the sweep's own. */
  public Map<String, String> environment() {
    return this == NONE ? Map.of() : ENVIRONMENT;
  }

  /** Job options for a run: for {@link #NONE}, Spark's defaults in place of the job's tuning. */
  public List<String> jobOptions() {
    List<String> options = new ArrayList<>();
    if (this == NONE) {
      for (Map.Entry<String, String> e : SparkSessions.SPARK_DEFAULTS_OF_LOCAL_TUNING.entrySet()) {
        options.add("--conf");
        options.add(e.getKey() + "=" + e.getValue());
      }
    }
    return options;
  }
}
