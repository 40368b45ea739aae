package io.sparkbench.operator.driver;

import io.sparkbench.api.run.RunId;
import java.util.LinkedHashMap;
import java.util.Map;

/** The labels the operator puts on every object of a run, next to Spark's own. */
public final class Labels {

  public static final String BENCHMARK = "sparkbench.io/benchmark";
  public static final String RECORDS = "sparkbench.io/records";
  public static final String EXECUTORS = "sparkbench.io/executors";
  public static final String REPETITION = "sparkbench.io/repetition";
  public static final String ATTEMPT = "sparkbench.io/attempt";

  /** Spark's role label, {@code driver} or {@code executor}. */
  public static final String SPARK_ROLE = "spark-role";

  /** Selects the driver pods of every benchmark. */
  public static final String DRIVER_SELECTOR = BENCHMARK + "," + SPARK_ROLE + "=driver";

  private Labels() {}

  public static Map<String, String> of(String benchmark, RunId run) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(BENCHMARK, benchmark);
    labels.put(RECORDS, Long.toString(run.records()));
    labels.put(EXECUTORS, Integer.toString(run.executors()));
    labels.put(REPETITION, Integer.toString(run.repetition()));
    labels.put(ATTEMPT, Integer.toString(run.attempt()));
    return labels;
  }
}
