package io.sparkbench.api.v1;

/** What happens to the driver pods of finished runs (executors go with their driver). */
public enum CleanupPolicy {
  /** Delete a run's pods when the run succeeded; keep failed ones for inspection. */
  OnSuccess,
  /** Delete every finished run's pods. */
  Always,
  /** Keep every pod until the ScalingBenchmark is deleted. */
  Never
}
