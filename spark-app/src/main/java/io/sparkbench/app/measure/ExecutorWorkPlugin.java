package io.sparkbench.app.measure;

import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * A Spark plugin that tells the driver where each executor JVM's CPU went: every {@link
 * #REPORT_MILLIS} ms an executor sends its {@link JvmWork} since it started (process, JIT compiler
 * threads, garbage collector threads), and the driver keeps the latest report of each executor.
 * Spark's own executor metrics have no CPU of the JVM's own threads.
 *
 * <p>The job enables it (through {@code spark.plugins}) when its executors are JVMs of their own;
 * in local mode the driver's figures already cover them.
 */
public final class ExecutorWorkPlugin implements SparkPlugin {

  /** How often an executor reports. */
  static final long REPORT_MILLIS = 1_000;

  /** The latest report of each executor of the current application, by executor id. */
  private static final Map<String, Report> LATEST = new ConcurrentHashMap<>();

  /**
   * What an executor's JVM has done since it started.
   *
   * @param executorId Spark's id of the executor
   * @param processCpuSeconds CPU of the whole executor JVM
   * @param jitSeconds CPU of its JIT compiler threads
   * @param gcSeconds CPU of its garbage collector threads
   */
  public record Report(
      String executorId, double processCpuSeconds, double jitSeconds, double gcSeconds)
      implements Serializable {

    static Report of(String executorId, JvmWork work) {
      return new Report(executorId, work.processCpuSeconds(), work.jitSeconds(), work.gcSeconds());
    }
  }

  /** The latest report of every executor heard from, a snapshot. */
  public static Map<String, Report> latest() {
    return Map.copyOf(LATEST);
  }

  /**
   * The work of all executors between two snapshots of {@link #latest()}; an executor missing from
   * {@code before} counts from its start. {@code null} when no executor reported by {@code after}.
   */
  public static JvmWork between(Map<String, Report> before, Map<String, Report> after) {
    if (after.isEmpty()) {
      return null;
    }
    double cpu = 0;
    double jit = 0;
    double gc = 0;
    for (Report end : after.values()) {
      Report start = before.get(end.executorId());
      cpu += end.processCpuSeconds() - (start == null ? 0 : start.processCpuSeconds());
      jit += end.jitSeconds() - (start == null ? 0 : start.jitSeconds());
      gc += end.gcSeconds() - (start == null ? 0 : start.gcSeconds());
    }
    return new JvmWork(cpu, jit, gc, true);
  }

  @Override
  public DriverPlugin driverPlugin() {
    return new DriverPlugin() {
      @Override
      public Map<String, String> init(SparkContext sc, PluginContext context) {
        LATEST.clear();
        return Map.of();
      }

      @Override
      public Object receive(Object message) {
        if (message instanceof Report report) {
          LATEST.put(report.executorId(), report);
        }
        return null;
      }
    };
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new ExecutorPlugin() {
      private ScheduledExecutorService reporter;

      @Override
      public void init(PluginContext context, Map<String, String> extraConf) {
        reporter =
            Executors.newSingleThreadScheduledExecutor(
                task -> {
                  Thread thread = new Thread(task, "sparkbench-jvm-work");
                  thread.setDaemon(true);
                  return thread;
                });
        reporter.scheduleAtFixedRate(() -> send(context), 0, REPORT_MILLIS, TimeUnit.MILLISECONDS);
      }

      @Override
      public void shutdown() {
        if (reporter != null) {
          reporter.shutdownNow();
        }
      }
    };
  }

  private static void send(PluginContext context) {
    try {
      context.send(Report.of(context.executorID(), JvmWork.now()));
    } catch (Exception e) {
      // The driver is gone or busy; the next report carries the totals.
    }
  }
}
