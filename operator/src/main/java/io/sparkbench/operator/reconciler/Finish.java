package io.sparkbench.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.sparkbench.api.v1.CleanupPolicy;
import io.sparkbench.api.v1.Phase;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.operator.status.Conditions;

/** The end states, and the clean-up of finished benchmarks' pods by {@code spec.cleanup}. */
final class Finish {

  private Finish() {}

  static Next succeed(BenchmarkContext ctx) {
    ctx.phase(Phase.Succeeded);
    ctx.status.currentRun = null;
    ctx.status.error = null;
    ScalingBenchmarkStatus.Model model = ctx.status.model;
    String message =
        ctx.completedRuns()
            + " runs succeeded"
            + (model == null
                ? ""
                : "; model: "
                    + model.fixedSeconds
                    + " s + "
                    + model.microsPerRecord
                    + " µs/record"
                    + (model.rSquared == null ? "" : " (R² " + model.rSquared + ")")
                    + (model.predictionsWithheld == null ? "" : "; " + model.predictionsWithheld));
    ctx.condition(Conditions.SUCCEEDED, "True", "AllRunsSucceeded", message);
    ctx.condition(Conditions.READY, "True", "Succeeded", message);
    ctx.events.normal(ctx.benchmark, "Succeeded", message);
    return Next.waitForEvents();
  }

  static Next fail(BenchmarkContext ctx, String reason, String message) {
    ctx.phase(Phase.Failed);
    ctx.status.currentRun = null;
    ScalingBenchmarkStatus.Error error = new ScalingBenchmarkStatus.Error();
    error.reason = reason;
    error.message = message;
    ctx.status.error = error;
    ctx.status.progress = ctx.progress();
    ctx.condition(Conditions.SUCCEEDED, "False", reason, message);
    ctx.condition(Conditions.READY, "False", reason, message);
    ctx.events.warning(ctx.benchmark, "Failed", message);
    return Next.waitForEvents();
  }

  /**
   * Deletes what the policy says should not outlive a finished benchmark: Always, every driver;
   * OnSuccess, every driver of a succeeded benchmark (a failed one keeps its failed drivers).
   */
  static Next cleanUp(BenchmarkContext ctx) {
    CleanupPolicy policy = ctx.spec() == null ? CleanupPolicy.Never : ctx.spec().cleanup;
    boolean delete =
        policy == CleanupPolicy.Always
            || (policy == CleanupPolicy.OnSuccess && ctx.status.phase == Phase.Succeeded);
    if (delete && ctx.josdk.getSecondaryResourcesAsStream(Pod.class).findAny().isPresent()) {
      RunObjects.deleteAll(ctx.client(), ctx.namespace(), ctx.name());
    }
    return Next.waitForEvents();
  }
}
