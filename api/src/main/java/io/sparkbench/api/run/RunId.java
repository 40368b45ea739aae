package io.sparkbench.api.run;

import java.util.Locale;

/**
 * One run of a benchmark: a record count, the executors it runs with, its repetition (from 1) and
 * the attempt (from 1; a retry is a new attempt with a new driver).
 *
 * @param records transactions the run generates and processes
 * @param executors executor pods the run asks for ({@code spark.executor.instances})
 * @param repetition which repetition of this record count and executor count, from 1
 * @param attempt which attempt of that repetition, from 1
 * @param executorSweep whether the benchmark lists several executor counts ({@code
 *     spec.executors}): then the executor count is part of the run's object names, else names stay
 *     {@code <benchmark>-<records>-r<repetition>-a<attempt>}
 */
public record RunId(
    long records, int executors, int repetition, int attempt, boolean executorSweep) {

  public RunId {
    if (records < 1 || executors < 1 || repetition < 1 || attempt < 1) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "records, executors, repetition and attempt start at 1: %d/%d/%d/%d",
              records,
              executors,
              repetition,
              attempt));
    }
  }

  /** The same run's next attempt. */
  public RunId nextAttempt() {
    return new RunId(records, executors, repetition, attempt + 1, executorSweep);
  }

  /** The run without its attempt: what repetitions and attempts of one measurement share. */
  public boolean sameRun(RunId other) {
    return records == other.records
        && executors == other.executors
        && repetition == other.repetition;
  }

  /**
   * The run's part of its objects' names and of the operator's log lines: {@code
   * <records>-r<repetition>-a<attempt>}, {@code <records>-e<executors>-r<repetition>-a<attempt>} in
   * an executor sweep.
   */
  public String name() {
    return records + (executorSweep ? "-e" + executors : "") + "-r" + repetition + "-a" + attempt;
  }

  @Override
  public String toString() {
    return records
        + " records"
        + (executorSweep ? ", " + executors + (executors == 1 ? " executor" : " executors") : "")
        + ", repetition "
        + repetition
        + ", attempt "
        + attempt;
  }
}
