package io.sparkbench.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.RunResult;
import io.sparkbench.operator.cost.PodShape;
import io.sparkbench.operator.cost.RunCost;
import io.sparkbench.operator.status.RunFingerprint;
import io.sparkbench.operator.status.RunResults;
import io.sparkbench.operator.status.RunTimeline;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * A run succeeded: keep its measurements and refit the model. A measured result is data, so this
 * step only changes the status; the driver's objects are deleted and the next run started by the
 * next reconciliation, once the written status holds the result (see {@link Lifecycle}). Were the
 * status write to fail, the driver is still there and its result is read again: recorded once,
 * never lost, and never two drivers at once. The run's fingerprint (what it ran on) and cost (what
 * its pods requested, priced by the operator's price table) are recorded with it; a node the
 * operator may not read leaves the fingerprint's node labels unknown.
 */
final class RecordResult {

  private RecordResult() {}

  static Outcome record(BenchmarkContext ctx, Outcome.RunSucceeded succeeded) {
    RunResult entry =
        RunResults.toRunResult(
            succeeded.result(),
            succeeded.run(),
            succeeded.driver().getMetadata().getName(),
            ctx.now,
            ctx.status.results);
    Pod driver = succeeded.driver();
    entry.timeline = RunTimeline.of(driver, succeeded.result(), queuedSince(ctx), ctx.now);
    String nodeName = driver.getSpec() == null ? null : driver.getSpec().getNodeName();
    entry.fingerprint =
        RunFingerprint.of(
            driver,
            ctx.nodes.get(ctx.client(), nodeName, ctx.now),
            succeeded.result(),
            ctx.spec(),
            succeeded.run());
    entry.cost =
        RunCost.of(
            entry,
            PodShape.of(
                driver, ctx.spec(), succeeded.run().executors(), ctx.config.sparkDefaults()),
            ctx.config.prices());
    if (entry.eventLog != null) {
      entry.historyServerUrl = ctx.config.historyServerPage(entry.sparkApplicationId);
    }
    RunResults.append(ctx.status, entry, ctx.spec());
    ctx.status.currentRun = null;
    if (ctx.completedRuns() >= ctx.totalRuns()) {
      ctx.status.error = null;
      return new Outcome.AllRunsDone(succeeded.run(), entry.durationSeconds);
    }
    return new Outcome.RunRecorded(succeeded.run(), entry.durationSeconds);
  }

  /**
   * When the run could start: the previous result's record, or the benchmark's creation for the
   * first run (retries of a run count from there too).
   */
  private static Instant queuedSince(BenchmarkContext ctx) {
    List<RunResult> results = ctx.status.results;
    String since =
        results == null || results.isEmpty()
            ? ctx.benchmark.getMetadata().getCreationTimestamp()
            : results.get(results.size() - 1).finishedAt;
    try {
      return since == null ? null : Instant.parse(since);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
