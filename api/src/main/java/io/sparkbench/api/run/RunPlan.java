package io.sparkbench.api.run;

import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.CurrentRun;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.RunResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The runs a spec implies, in the order they run: every record count (ascending), at every executor
 * count (ascending), every repetition; each starts at attempt 1. The one place that knows this
 * order, and that turns a run into its status entries and back.
 *
 * <p>Record counts go first, so that when a run of a record count starts, every smaller count has
 * been measured at each executor count: the model of the smaller counts predicts it before it is
 * measured.
 */
public final class RunPlan {

  /** The most runs a spec may imply (record counts × executor counts × repetitions). */
  public static final int MAX_RUNS = 100;

  private final List<Long> records;
  private final List<Integer> executors;
  private final int repetitions;
  private final boolean executorSweep;

  private RunPlan(
      List<Long> records, List<Integer> executors, int repetitions, boolean executorSweep) {
    this.records = List.copyOf(records);
    this.executors = List.copyOf(executors);
    this.repetitions = repetitions;
    this.executorSweep = executorSweep;
  }

  /**
   * The plan of {@code spec}: its {@code executors} when it lists some, else the one {@code
   * executor.instances}. A spec without record counts or repetitions plans no runs.
   */
  public static RunPlan of(ScalingBenchmarkSpec spec) {
    if (spec == null || spec.records == null || spec.repetitions == null) {
      return new RunPlan(List.of(), List.of(), 0, false);
    }
    boolean sweep = spec.executors != null && !spec.executors.isEmpty();
    List<Integer> counts;
    if (sweep) {
      counts = spec.executors;
    } else {
      Integer instances = spec.executor == null ? null : spec.executor.instances;
      if (instances == null) {
        instances = new ScalingBenchmarkSpec.Executor().instances;
      }
      counts = List.of(instances);
    }
    return new RunPlan(spec.records, counts, spec.repetitions, sweep);
  }

  /** Record counts, ascending. */
  public List<Long> records() {
    return records;
  }

  /** Executor counts, ascending; one unless the spec sweeps them. */
  public List<Integer> executors() {
    return executors;
  }

  public int repetitions() {
    return repetitions;
  }

  /** Whether the spec lists executor counts ({@code spec.executors}). */
  public boolean sweepsExecutors() {
    return executorSweep;
  }

  /** How many runs the plan has: record counts × executor counts × repetitions. */
  public int size() {
    return records.size() * executors.size() * repetitions;
  }

  /** Every run, first attempts, in order. */
  public List<RunId> runs() {
    List<RunId> runs = new ArrayList<>(size());
    for (long count : records) {
      for (int executorCount : executors) {
        for (int repetition = 1; repetition <= repetitions; repetition++) {
          runs.add(new RunId(count, executorCount, repetition, 1, executorSweep));
        }
      }
    }
    return runs;
  }

  /**
   * The run after {@code completed} finished runs, first attempt.
   *
   * @throws IndexOutOfBoundsException when every run has finished
   */
  public RunId after(int completed) {
    if (completed < 0 || completed >= size()) {
      throw new IndexOutOfBoundsException(
          "run " + (completed + 1) + " of a plan of " + size() + " runs");
    }
    int perRecords = executors.size() * repetitions;
    long count = records.get(completed / perRecords);
    int executorCount = executors.get(completed % perRecords / repetitions);
    int repetition = completed % repetitions + 1;
    return new RunId(count, executorCount, repetition, 1, executorSweep);
  }

  /**
   * The run a status entry of this plan's benchmark records. An entry written before runs had an
   * executor count ran with the plan's only one.
   */
  public RunId of(RunResult result) {
    return new RunId(
        result.records,
        executorsOr(result.executors),
        result.repetition,
        result.attempt == null ? 1 : result.attempt,
        executorSweep);
  }

  /** The run of the status's current run, as {@link #of(RunResult)}. */
  public RunId of(CurrentRun current) {
    return new RunId(
        current.records,
        executorsOr(current.executors),
        current.repetition,
        current.attempt,
        executorSweep);
  }

  /** The status entry of a run starting now: which run, without its pod or times. */
  public static CurrentRun currentRun(RunId run) {
    CurrentRun current = new CurrentRun();
    current.records = run.records();
    current.executors = run.executors();
    current.repetition = run.repetition();
    current.attempt = run.attempt();
    return current;
  }

  /** Sets which run a finished run's status entry records. */
  public static void identify(RunResult entry, RunId run) {
    entry.records = run.records();
    entry.executors = run.executors();
    entry.repetition = run.repetition();
    entry.attempt = run.attempt();
  }

  /** The executor count of a status entry: its own, or the plan's only one for an older entry. */
  public int executorsOf(RunResult result) {
    return executorsOr(result.executors);
  }

  private int executorsOr(Integer recorded) {
    if (recorded != null) {
      return recorded;
    }
    return executors.isEmpty() ? 1 : executors.get(0);
  }
}
