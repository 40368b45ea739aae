package io.sparkbench.operator.reconciler;

import io.sparkbench.api.result.Failure;
import io.sparkbench.api.run.RunId;
import io.sparkbench.api.v1.CleanupPolicy;

/**
 * A run attempt failed: it is no longer current, and its driver is deleted where it may still run
 * or {@code spec.cleanup} is Always. The run is retried with a new driver while {@code retry.limit}
 * allows, else the failure is the benchmark's error. Results measured so far stay in the status.
 */
final class FailRun {

  private FailRun() {}

  static Outcome fail(BenchmarkContext ctx, Outcome.RunFailed failed) {
    RunId run = failed.run();
    ctx.metrics.runFailed(ctx.namespace(), ctx.name());
    ctx.status.currentRun = null;
    if (failed.stopDriver() || ctx.spec().cleanup == CleanupPolicy.Always) {
      RunObjects.delete(ctx.client(), ctx.benchmark, run);
    }
    int attempts = 1 + ctx.spec().retry.limit;
    if (run.attempt() < attempts) {
      return new Outcome.Retrying(run.nextAttempt(), failed.failure(), attempts);
    }
    String message =
        run.attempt() > 1
            ? failed.failure().message() + " (after " + run.attempt() + " attempts)"
            : failed.failure().message();
    ctx.recordError(new Failure(failed.failure().reason(), message));
    return new Outcome.OutOfAttempts();
  }
}
