package io.sparkbench.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.sparkbench.api.result.BenchmarkResult;
import io.sparkbench.api.result.Failure;
import io.sparkbench.api.run.RunId;
import io.sparkbench.operator.driver.DriverResources;

/**
 * What a step of the {@link Lifecycle} reports. A step records facts in the status (results, the
 * current run, {@code error}) and does its work on the cluster; what follows, and the phase, the
 * lifecycle decides.
 */
sealed interface Outcome {

  /** The run the outcome is about, if it names one. */
  default RunId run() {
    return null;
  }

  /** A new benchmark: its generation and measured spec are recorded. */
  record Accepted() implements Outcome {}

  /** The spec changed what the runs measure: its pods are deleted and its results cleared. */
  record SpecChanged() implements Outcome {}

  /** Only {@code spec.predict} changed: the results are kept and the model refitted. */
  record PredictionsRefitted() implements Outcome {}

  /** The spec cannot run; {@code status.error} says what to fix. */
  record Invalid() implements Outcome {}

  /** No slot is free for the benchmark. */
  record Queued() implements Outcome {}

  /**
   * The spec is valid and a slot is free: start {@code run}, with the objects the spec check built
   * for it ({@code built}, or null to build them).
   */
  record Admitted(RunId run, DriverResources built) implements Outcome {}

  /** The run's objects are created and it is the current run; check again by {@code next}. */
  record RunStarted(Next next) implements Outcome {}

  /** A driver pod of an earlier spec had the run's name: it is deleted, the start tried again. */
  record OldDriverDeleted() implements Outcome {}

  /**
   * The current run's driver has not finished (or not appeared yet); check again by {@code next}.
   */
  record StillRunning(Next next) implements Outcome {}

  /** The current run's driver finished with a result. Nothing is recorded yet. */
  record RunSucceeded(RunId run, Pod driver, BenchmarkResult result) implements Outcome {}

  /**
   * The current run's attempt failed. Nothing is recorded yet.
   *
   * @param stopDriver whether the driver may still be alive (timeouts) and must be deleted
   */
  record RunFailed(RunId run, Failure failure, boolean stopDriver) implements Outcome {}

  /** The run's result is in the status; runs remain. */
  record RunRecorded(RunId run, double seconds) implements Outcome {}

  /** The last run's result is in the status. */
  record AllRunsDone(RunId run, double seconds) implements Outcome {}

  /**
   * The failed attempt is recorded; {@code next} is the run's next attempt, of {@code attempts}.
   */
  record Retrying(RunId next, Failure failure, int attempts) implements Outcome {}

  /** The failed attempt was the run's last; {@code status.error} says why. */
  record OutOfAttempts() implements Outcome {}

  /** The objects of the run recorded last are deleted as {@code spec.cleanup} says. */
  record LastRunCleanedUp() implements Outcome {}

  /** A finished benchmark's pods are deleted as {@code spec.cleanup} says. */
  record FinishedCleanedUp() implements Outcome {}

  /**
   * A scheduled benchmark's next round began: the last round's results made way, and it waits for
   * its turn.
   */
  record RoundStarted(int round) implements Outcome {}

  /**
   * A step failed in a way retrying cannot mend: the current run's objects are deleted and {@code
   * status.error} says why.
   */
  record Stopped() implements Outcome {}
}
