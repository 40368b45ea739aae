package io.sparkbench.operator.reconciler;

import io.sparkbench.api.run.RunId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.MDC;

/**
 * The benchmark a log line is about, in SLF4J's MDC while the operator works on it (the Apache
 * Spark operator's {@code TrackedMDC}), so messages need not name it: its namespace and name under
 * the keys JOSDK's {@code MDCUtils} uses around a reconciliation ({@value #NAMESPACE}, {@value
 * #NAME}), so one pattern prints them whoever set them, and its round and run ({@value #ROUND},
 * {@value #RUN}) once known. The operator's log pattern ({@code sparkbench-operator-log4j2.xml})
 * prints them as {@code benchmark=<namespace>/<name> round=<round> run=<run>}.
 *
 * <p>JOSDK sets its pair in its reconciler executor only, and its event handler removes its pair
 * when it returns: the slot handover, which hands the freed slot's benchmarks to that handler from
 * within a reconciliation, would leave the rest of the reconciliation's lines without a benchmark.
 * So the reconciler opens a context of its own for each reconciliation ({@link #open}), and the
 * handover runs outside it ({@link #aside}): its lines are about the benchmarks it wakes, and the
 * context is back once it returns. Closing a context restores what the MDC held before.
 */
final class LogContext implements AutoCloseable {

  static final String NAMESPACE = "resource.namespace";
  static final String NAME = "resource.name";
  static final String ROUND = "benchmark.round";
  static final String RUN = "benchmark.run";

  private static final List<String> KEYS = List.of(NAMESPACE, NAME, ROUND, RUN);

  private final Map<String, String> before;

  private LogContext(Map<String, String> before) {
    this.before = before;
  }

  /** Puts the benchmark {@code namespace/name} on this thread's log lines until closed. */
  static LogContext open(String namespace, String name) {
    LogContext context = new LogContext(current());
    MDC.remove(ROUND);
    MDC.remove(RUN);
    put(NAMESPACE, namespace);
    put(NAME, name);
    return context;
  }

  /** The round the lines are about from now on. */
  static void round(int round) {
    MDC.put(ROUND, Integer.toString(round));
  }

  /** The run the lines are about from now on; {@code null} keeps the one named last. */
  static void run(RunId run) {
    if (run != null) {
      MDC.put(RUN, run.name());
    }
  }

  /**
   * Runs {@code work}, which is about other benchmarks, without this thread's context, and puts the
   * context back afterwards whatever {@code work} did to it.
   */
  static void aside(Runnable work) {
    Map<String, String> kept = current();
    KEYS.forEach(MDC::remove);
    try {
      work.run();
    } finally {
      kept.forEach(LogContext::put);
    }
  }

  @Override
  public void close() {
    before.forEach(LogContext::put);
  }

  private static Map<String, String> current() {
    Map<String, String> values = new HashMap<>();
    for (String key : KEYS) {
      values.put(key, MDC.get(key));
    }
    return values;
  }

  private static void put(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }
}
