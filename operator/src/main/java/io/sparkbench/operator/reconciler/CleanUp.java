package io.sparkbench.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.sparkbench.api.v1.CleanupPolicy;
import io.sparkbench.api.v1.Phase;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.RunResult;
import java.util.List;

/** Deletes the pods {@code spec.cleanup} says should not stay. */
final class CleanUp {

  private CleanUp() {}

  /**
   * Between two runs: deletes the objects of the run recorded last, as {@code spec.cleanup} says (a
   * succeeded run's under OnSuccess and Always). Finds nothing to delete when it has already done
   * so.
   */
  static Outcome lastRun(BenchmarkContext ctx) {
    List<RunResult> results = ctx.status.results;
    if (results != null && !results.isEmpty() && ctx.spec().cleanup != CleanupPolicy.Never) {
      RunResult last = results.get(results.size() - 1);
      RunObjects.delete(ctx.client(), ctx.benchmark, ctx.plan().of(last));
    }
    return new Outcome.LastRunCleanedUp();
  }

  /**
   * A finished benchmark: Always deletes every driver; OnSuccess every driver of a succeeded
   * benchmark (a failed one keeps its failed drivers).
   */
  static Outcome finished(BenchmarkContext ctx) {
    CleanupPolicy policy = ctx.spec() == null ? CleanupPolicy.Never : ctx.spec().cleanup;
    boolean delete =
        policy == CleanupPolicy.Always
            || (policy == CleanupPolicy.OnSuccess && ctx.status.phase == Phase.Succeeded);
    if (delete && ctx.josdk.getSecondaryResourcesAsStream(Pod.class).findAny().isPresent()) {
      RunObjects.deleteAll(ctx.client(), ctx.benchmark);
    }
    return new Outcome.FinishedCleanedUp();
  }
}
