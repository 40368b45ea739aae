package io.sparkbench.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.sparkbench.app.result.BenchmarkResult;
import io.sparkbench.operator.driver.RunId;
import io.sparkbench.operator.model.CleanupPolicy;
import io.sparkbench.operator.model.ScalingBenchmarkStatus.RunResult;
import io.sparkbench.operator.status.RunResults;

/** A run succeeded: keep its measurements, refit the model, then start the next run or finish. */
final class RecordResult {

  private RecordResult() {}

  static Next record(BenchmarkContext ctx, RunId run, Pod pod, BenchmarkResult result) {
    RunResult entry =
        RunResults.toRunResult(
            result, run, pod.getMetadata().getName(), ctx.now, ctx.status.results);
    RunResults.append(ctx.status, entry, ctx.spec().predict, ctx.totalRuns());
    ctx.status.currentRun = null;
    ctx.metrics.runSucceeded(ctx.namespace(), ctx.name());
    ctx.events.normal(
        ctx.benchmark,
        "RunSucceeded",
        "run " + ctx.progress() + " (" + run + ") took " + entry.durationSeconds + " s");
    if (ctx.spec().cleanup != CleanupPolicy.Never) {
      RunObjects.delete(ctx.client(), ctx.namespace(), ctx.name(), run);
    }
    if (ctx.completedRuns() >= ctx.totalRuns()) {
      return Finish.succeed(ctx);
    }
    return StartRun.start(ctx, ctx.runAfter(ctx.completedRuns()));
  }
}
