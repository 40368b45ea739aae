package io.sparkbench.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.sparkbench.api.result.BenchmarkResult;
import io.sparkbench.api.v1.CleanupPolicy;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.RunResult;
import io.sparkbench.operator.driver.RunId;
import io.sparkbench.operator.status.RunResults;
import java.time.Duration;
import java.util.List;

/**
 * A run succeeded: keep its measurements and refit the model. A measured result is data, so this
 * step only changes the status: the driver's objects are deleted and the next run started by the
 * next reconciliation ({@link #cleanUpLastRun}), once the written status holds the result. Were the
 * status write to fail, the driver is still there and its result is read again: recorded once,
 * never lost, and never two drivers at once. The run's metric and Event follow the write.
 */
final class RecordResult {

  private RecordResult() {}

  static Next record(BenchmarkContext ctx, RunId run, Pod pod, BenchmarkResult result) {
    RunResult entry =
        RunResults.toRunResult(
            result, run, pod.getMetadata().getName(), ctx.now, ctx.status.results);
    if (entry.eventLog != null) {
      entry.historyServerUrl = ctx.config.historyServerPage(entry.sparkApplicationId);
    }
    RunResults.append(ctx.status, entry, ctx.spec().predict, ctx.totalRuns());
    ctx.status.currentRun = null;
    String message =
        "run " + ctx.progress() + " (" + run + ") took " + entry.durationSeconds + " s";
    ctx.afterStatusWritten(
        () -> {
          ctx.metrics.runSucceeded(ctx.namespace(), ctx.name());
          ctx.events.normal(ctx.benchmark, "RunSucceeded", message);
        });
    if (ctx.completedRuns() >= ctx.totalRuns()) {
      Finish.succeed(ctx);
    } else {
      ctx.status.progress = ctx.progress();
    }
    // the next reconciliation cleans up (Finish.cleanUp or cleanUpLastRun) and goes on
    return Next.after(Duration.ZERO);
  }

  /**
   * Between two runs: deletes the objects of the run recorded last, as {@code spec.cleanup} says (a
   * succeeded run's under OnSuccess and Always). Finds nothing to delete when it has already done
   * so.
   */
  static void cleanUpLastRun(BenchmarkContext ctx) {
    List<RunResult> results = ctx.status.results;
    if (results == null || results.isEmpty() || ctx.spec().cleanup == CleanupPolicy.Never) {
      return;
    }
    RunResult last = results.get(results.size() - 1);
    RunObjects.delete(
        ctx.client(),
        ctx.namespace(),
        ctx.name(),
        new RunId(last.records, last.repetition, last.attempt));
  }
}
