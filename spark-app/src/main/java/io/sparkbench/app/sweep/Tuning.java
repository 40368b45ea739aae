package io.sparkbench.app.sweep;

import io.sparkbench.api.settings.RunSettings;
import io.sparkbench.app.SparkSessions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the sweep starts each run: as the README's command does ({@link #TUNED}: {@code java -jar},
 * which relaunches itself with the {@link RunSettings}) or with the JVM's and Spark's own defaults
 * ({@link #NONE}). Comparing the two is the sweep's "before and after".
 */
public enum Tuning {
  /** The JVM as it comes ({@code -Dio.sparkbench.jvmSettings=none}) and Spark's own defaults. */
  NONE,
  /** Exactly what a user's {@code java -jar spark-app.jar} gets. */
  TUNED;

  /** Options the sweep puts before {@code -jar}. */
  public List<String> jvmOptions() {
    return this == NONE ? List.of("-D" + RunSettings.PROPERTY + "=" + RunSettings.NONE) : List.of();
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

  /** What a run of this tuning gets, for the sweep's banner. */
  public String describe() {
    if (this == NONE) {
      return String.join(" ", jvmOptions())
          + " and Spark's defaults "
          + SparkSessions.SPARK_DEFAULTS_OF_LOCAL_TUNING;
    }
    return String.format(
        Locale.ROOT,
        "java -jar as the README runs it, which relaunches with %s, environment %s (and %s up to"
            + " %,d records), class-data sharing from cds/ beside the jar",
        String.join(" ", RunSettings.LOCAL_JVM_OPTIONS),
        RunSettings.ENVIRONMENT,
        RunSettings.SHORT_RUN_JIT,
        RunSettings.SHORT_RUN_RECORDS);
  }
}
