package io.sparkbench.app.measure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.spark.executor.ExecutorMetrics;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.scheduler.TaskInfo;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Collects what Spark reports about the run: task CPU and wall time, the executors that ran tasks,
 * their cores, each executor's peak JVM heap and process-tree RSS (Spark's executor metrics), when
 * the first job started, and the chains of stages that waited on one another.
 */
public final class SparkRunListener extends SparkListener {

  /** Spark's id of the driver when it reports its own executor metrics. */
  public static final String DRIVER_ID = "driver";

  private final LongAdder taskCpuNanos = new LongAdder();
  private final LongAdder tasks = new LongAdder();
  private final Map<String, Integer> executorCores = new ConcurrentHashMap<>();
  private final Map<String, Boolean> executorsWithTasks = new ConcurrentHashMap<>();
  private final Map<String, long[]> peaks = new ConcurrentHashMap<>();
  private final LongAdder taskWallMillis = new LongAdder();
  private final AtomicLong firstJobMillis = new AtomicLong(Long.MAX_VALUE);
  private final StageChains chains = new StageChains();

  @Override
  public void onJobStart(SparkListenerJobStart jobStart) {
    firstJobMillis.accumulateAndGet(jobStart.time(), Math::min);
    for (StageInfo stage : CollectionConverters.asJava(jobStart.stageInfos())) {
      chains.described(stage.stageId(), parentIds(stage), shuffleId(stage));
    }
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
    StageInfo stage = submitted.stageInfo();
    chains.submitted(stage.stageId(), parentIds(stage), shuffleId(stage));
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    tasks.increment();
    TaskInfo info = taskEnd.taskInfo();
    // Launch to end: the time the task held a slot. Spark marks a task finished before telling.
    if (info.finished()) {
      taskWallMillis.add(Math.max(0, info.duration()));
    }
    String executorId = info.executorId();
    executorsWithTasks.put(executorId, Boolean.TRUE);
    TaskMetrics metrics = taskEnd.taskMetrics();
    if (metrics != null) {
      taskCpuNanos.add(metrics.executorCpuTime());
    }
    record(executorId, taskEnd.taskExecutorMetrics());
  }

  @Override
  public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
    for (ExecutorMetrics metrics : CollectionConverters.asJava(update.executorUpdates().values())) {
      record(update.execId(), metrics);
    }
  }

  @Override
  public void onExecutorAdded(SparkListenerExecutorAdded added) {
    executorCores.put(added.executorId(), added.executorInfo().totalCores());
  }

  private void record(String executorId, ExecutorMetrics metrics) {
    if (metrics == null) {
      return;
    }
    long heap = metrics.getMetricValue("JVMHeapMemory");
    long rss = metrics.getMetricValue("ProcessTreeJVMRSSMemory");
    peaks.merge(
        executorId,
        new long[] {heap, rss},
        (a, b) -> new long[] {Math.max(a[0], b[0]), Math.max(a[1], b[1])});
  }

  /** The shuffle a map stage writes; {@code null} for a result stage. */
  private static Integer shuffleId(StageInfo stage) {
    return stage.shuffleDepId().isDefined() ? (Integer) stage.shuffleDepId().get() : null;
  }

  private static List<Integer> parentIds(StageInfo stage) {
    List<Integer> ids = new ArrayList<>();
    for (Object id : CollectionConverters.asJava(stage.parentIds())) {
      ids.add((Integer) id);
    }
    return ids;
  }

  /**
   * Wall time of every finished task, from its launch to its end ({@code TaskInfo.duration}), in
   * seconds.
   */
  public double taskWallSeconds() {
    return taskWallMillis.sum() / 1000.0;
  }

  /**
   * When Spark submitted the earliest job this listener heard of, in milliseconds since the Unix
   * epoch; {@code null} if none.
   */
  public Long firstJobEpochMillis() {
    long first = firstJobMillis.get();
    return first == Long.MAX_VALUE ? null : first;
  }

  /**
   * The most stages that ran one after another, each needing the output of the one before (see
   * {@link StageChains}); 0 when no stage was submitted.
   */
  public int longestStageChain() {
    return chains.longest();
  }

  /** Distinct stages submitted, however many attempts each took. */
  public int stagesSubmitted() {
    return chains.stages();
  }

  /** CPU time of every finished task, in seconds. */
  public double taskCpuSeconds() {
    return taskCpuNanos.sum() / 1e9;
  }

  /** Tasks finished, successful or not. */
  public long tasks() {
    return tasks.sum();
  }

  /** Executors, other than the driver, that ran at least one task. */
  public int executorsWithTasks() {
    return (int) executorsWithTasks.keySet().stream().filter(id -> !DRIVER_ID.equals(id)).count();
  }

  /** Cores of all executors that registered, other than the driver; 0 in local mode. */
  public int executorCores() {
    return executorCores.entrySet().stream()
        .filter(e -> !DRIVER_ID.equals(e.getKey()))
        .mapToInt(Map.Entry::getValue)
        .sum();
  }

  /**
   * The largest peak over all executors other than the driver: {@code [heapBytes, rssBytes]}, each
   * 0 where Spark reported nothing. {@code null} when no executor reported metrics.
   */
  public long[] executorPeak() {
    long[] max = null;
    for (Map.Entry<String, long[]> e : peaks.entrySet()) {
      if (DRIVER_ID.equals(e.getKey())) {
        continue;
      }
      long[] p = e.getValue();
      max = max == null ? p.clone() : new long[] {Math.max(max[0], p[0]), Math.max(max[1], p[1])};
    }
    return max;
  }
}
