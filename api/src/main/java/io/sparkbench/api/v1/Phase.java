package io.sparkbench.api.v1;

/** Where a benchmark is in its lifecycle. */
public enum Phase {
  /** Accepted, not yet given a slot. */
  Pending,
  /** Waiting for a slot: the operator runs a limited number of benchmarks at a time. */
  Queued,
  /** A run's driver pod exists. */
  Running,
  /** Every run finished. */
  Succeeded,
  /** A run failed after its retries, or the spec is invalid; see {@code status.error}. */
  Failed;

  public boolean isFinished() {
    return this == Succeeded || this == Failed;
  }
}
