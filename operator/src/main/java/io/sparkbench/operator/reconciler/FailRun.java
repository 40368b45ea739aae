package io.sparkbench.operator.reconciler;

import io.sparkbench.api.v1.CleanupPolicy;
import io.sparkbench.operator.driver.RunId;

/**
 * A run attempt failed: retry it with a new driver while {@code retry.limit} allows, else fail the
 * benchmark. Results measured so far stay in the status.
 */
final class FailRun {

  private FailRun() {}

  /**
   * @param stopDriver whether the driver may still be alive (timeouts) and must be deleted
   */
  static Next fail(
      BenchmarkContext ctx, RunId run, DriverOutcome.Failure failure, boolean stopDriver) {
    ctx.metrics.runFailed(ctx.namespace(), ctx.name());
    ctx.status.currentRun = null;
    if (stopDriver || ctx.spec().cleanup == CleanupPolicy.Always) {
      RunObjects.delete(ctx.client(), ctx.namespace(), ctx.name(), run);
    }
    int attempts = 1 + ctx.spec().retry.limit;
    if (run.attempt() < attempts) {
      ctx.events.warning(
          ctx.benchmark,
          failure.reason(),
          failure.message()
              + "; retrying (attempt "
              + (run.attempt() + 1)
              + " of "
              + attempts
              + ")");
      return StartRun.start(ctx, run.nextAttempt());
    }
    String message =
        run.attempt() > 1
            ? failure.message() + " (after " + run.attempt() + " attempts)"
            : failure.message();
    return Finish.fail(ctx, failure.reason(), message);
  }
}
